package org.ctlsock.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 4.3.7 allows two readings after a refused {@code Expect: 100-continue} request: close, or keep the
 * connection and discard the body. Every server in the repository closes, so the self-check shows only that
 * reading passing; this runs the 4.3.7 case against a server that discards, which must pass too.
 */
class ExpectContinueEitherReadingTest {
    @TempDir
    Path reportDir;

    @Test
    void aServerThatKeepsTheConnectionAndDiscardsTheBodyPasses() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String template = "\"" + java + "\" -cp \"" + System.getProperty("java.class.path") + "\" "
                + ExpectDiscardingServer.class.getName() + " {socket}";
        KitSettings settings = KitSettings.fromProperties(Map.of("ctlsock.target", template, "ctlsock.name",
                "expect-discarding", "ctlsock.report.dir", reportDir.toString(), "ctlsock.clauses", "4.3.7")::get);

        RunReport report = KitRunner.run(settings, 1);

        var clause = report.clauses().stream().filter(c -> c.clause().id().equals("4.3.7")).findFirst().orElseThrow();
        assertThat(clause.cases()).as("the 4.3.7 cases run").isNotEmpty();
        assertThat(clause.outcome()).as("4.3.7 against a server taking the keep-and-discard reading; cases: %s",
                clause.cases()).isEqualTo(Outcome.PASS);
    }
}
