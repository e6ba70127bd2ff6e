package org.ctlsock.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The third route: a project's own test factory gets one test per clause, failing where its server fails. */
class ConformanceKitTest {
    @TempDir
    Path reportDir;

    @Test
    void oneTestPerClauseThatFailsWhereTheServerFails() throws Throwable {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String template = "\"" + java + "\" -cp \"" + System.getProperty("java.class.path") + "\" "
                + CannedServer.class.getName() + " {socket}";
        List<DynamicTest> tests = ConformanceKit.target(template).name("canned").clauses("5.3.1", "8.1.1")
                .reportDir(reportDir).tries(5).dynamicTests().toList();

        assertThat(tests).extracting(DynamicTest::getDisplayName).hasSize(2)
                .anySatisfy(n -> assertThat(n).startsWith("[5.3.1] MUST"))
                .anySatisfy(n -> assertThat(n).startsWith("[8.1.1] MUST"));
        for (DynamicTest t : tests) {
            if (t.getDisplayName().startsWith("[8.1.1]")) {
                assertThatThrownBy(t.getExecutable()::execute).isInstanceOf(AssertionFailedError.class)
                        .hasMessageContaining("FAIL 8.1.1").hasMessageContaining(">> POST /echo");
            } else {
                t.getExecutable().execute();
            }
        }
        assertThat(reportDir.resolve("report.html")).exists();
    }
}
