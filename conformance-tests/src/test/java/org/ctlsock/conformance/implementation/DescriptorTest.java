package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.KitError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 8.3.1 from the kit's side: a descriptor with an unknown or missing member is rejected, naming it. */
class DescriptorTest {
    @TempDir
    Path dir;

    private Descriptor read(String json) throws IOException {
        Path f = dir.resolve("d.json");
        Files.writeString(f, json);
        return Descriptor.read(f);
    }

    @Test
    void readsAFullDescriptor() throws IOException {
        Descriptor d = read("{\"name\":\"py\",\"command\":\"python3 {dir}/s.py {options} {socket}\","
                + "\"requires\":[\"python3\"],\"capabilities\":[\"mode\",\"query-args\"],"
                + "\"expectedFailures\":[{\"clause\":\"4.2.2\",\"reason\":\"why\",\"link\":\"http://x\"}],"
                + "\"description\":\"d\"}");
        assertThat(d.name()).isEqualTo("py");
        assertThat(d.capabilities()).containsExactlyInAnyOrder(Capability.MODE, Capability.QUERY_ARGS);
        assertThat(d.expectedFailures().get("4.2.2").reason()).isEqualTo("why");
        assertThat(d.requires()).containsExactly("python3");
        assertThat(d.dir()).isEqualTo(dir.toAbsolutePath());
        assertThat(d.command().expand(Path.of("/s"), d.dir(), List.of("--mode", "0600")))
                .containsExactly("python3", dir.toAbsolutePath() + "/s.py", "--mode", "0600", "/s");
    }

    @Test
    void anExpectedFailureMayBeMarkedIntermittentWithABooleanOnly() throws IOException {
        Descriptor d = read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":["
                + "{\"clause\":\"7.5.2\",\"reason\":\"out of memory in some runs\",\"intermittent\":true},"
                + "{\"clause\":\"4.2.2\",\"reason\":\"always\"}]}");
        assertThat(d.expectedFailures().get("7.5.2").intermittent()).isTrue();
        assertThat(d.expectedFailures().get("4.2.2").intermittent()).isFalse();
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":["
                + "{\"clause\":\"7.5.2\",\"reason\":\"r\",\"intermittent\":\"yes\"}]}"))
                .isInstanceOf(KitError.class).hasMessageContaining("expectedFailures[0]")
                .hasMessageContaining("\"intermittent\" must be true or false");
    }

    @Test
    void rejectsUnknownMembersByName() {
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"capabilites\":[]}"))
                .isInstanceOf(KitError.class).hasMessageContaining("unknown member \"capabilites\"");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":"
                + "[{\"clause\":\"4.2.2\",\"reason\":\"r\",\"why\":1}]}"))
                .isInstanceOf(KitError.class).hasMessageContaining("unknown member \"why\"");
    }

    @Test
    void rejectsMissingOrBadMembersByName() {
        assertThatThrownBy(() -> read("{\"command\":\"x {socket}\"}")).isInstanceOf(KitError.class)
                .hasMessageContaining("missing required member \"name\"");
        assertThatThrownBy(() -> read("{\"name\":\"a\"}")).isInstanceOf(KitError.class)
                .hasMessageContaining("missing required member \"command\"")
                .hasMessageNotContaining("member \"command\": descriptor");   // the file named once
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x\"}")).isInstanceOf(KitError.class)
                .hasMessageContaining("no {socket} word");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"capabilities\":[\"moad\"]}"))
                .isInstanceOf(KitError.class).hasMessageContaining("unknown capability \"moad\"");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":"
                + "[{\"clause\":\"4.2.2\"}]}")).isInstanceOf(KitError.class)
                .hasMessageContaining("missing required member \"reason\"");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":"
                + "[{\"clause\":\"4.2\",\"reason\":\"r\"}]}")).isInstanceOf(KitError.class)
                .hasMessageContaining("clause id like");
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(KitError.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"name\":\"b\",\"command\":\"x {socket}\"}"))
                .isInstanceOf(KitError.class).hasMessageContaining("cannot read it as JSON");
    }

    @Test
    void rejectsAnUnknownClauseInExpectedFailures() {
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"command\":\"x {socket}\",\"expectedFailures\":"
                + "[{\"clause\":\"4.2.99\",\"reason\":\"r\"}]}")).isInstanceOf(KitError.class)
                .hasMessageContaining("4.2.99").hasMessageContaining("not a clause");
    }
}
