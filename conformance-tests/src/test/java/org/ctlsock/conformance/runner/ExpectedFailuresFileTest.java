package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.implementation.Descriptor;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expected-failures file is read by the descriptor's rules (spec 8.3.1), plus: its clauses exist. */
class ExpectedFailuresFileTest {
    @TempDir
    Path dir;

    private Map<String, ExpectedFailure> read(String json) throws IOException {
        Path f = dir.resolve("ef.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return Descriptor.readExpectedFailures(f);
    }

    @Test
    void readsClauseReasonAndLink() throws IOException {
        Map<String, ExpectedFailure> m = read("[{\"clause\":\"4.2.2\",\"reason\":\"no framing\",\"link\":\"https://x/1\"},"
                + "{\"clause\":\"6.2.2\",\"reason\":\"no traceback\"}]");
        assertThat(m).containsOnlyKeys("4.2.2", "6.2.2");
        assertThat(m.get("4.2.2")).isEqualTo(new ExpectedFailure("4.2.2", "no framing", "https://x/1"));
        assertThat(m.get("6.2.2").link()).isNull();
        assertThat(read("[]")).isEmpty();
    }

    @Test
    void rejectsWhatADescriptorWouldReject() {
        assertRejected("{\"clause\":\"4.2.2\"}", "must be a JSON array");
        assertRejected("[{\"clause\":\"4.2.2\"}]", "missing required member \"reason\"");
        assertRejected("[{\"clause\":\"4.2.2\",\"reason\":\"r\",\"url\":\"x\"}]", "unknown member \"url\"");
        assertRejected("[{\"clause\":\"4.2\",\"reason\":\"r\"}]", "must be a clause id like 4.2.2");
        assertRejected("[{\"clause\":\"4.2.2\",\"reason\":\"a\"},{\"clause\":\"4.2.2\",\"reason\":\"b\"}]", "listed twice");
        assertRejected("[{\"clause\":\"4.2.9\",\"reason\":\"r\"}]", "\"4.2.9\" is not a clause");
        assertRejected("[{\"clause\":", "cannot read it as JSON");
    }

    private void assertRejected(String json, String message) {
        assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(KitError.class)
                .hasMessageContaining("expected-failures file").hasMessageContaining(message)
                .hasMessageNotContaining("descriptor /");
    }
}
