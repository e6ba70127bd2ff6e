package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kit's socket profile is the spec's (8.5), and who is judged by it. */
class SocketProfileTest {

    @Test
    void listsTheClausesSpec85Lists() throws IOException {
        Path spec = Path.of(System.getProperty("ctlsock.spec.dir", "../spec"), "08-conformance-interface.md");
        String line = Files.readAllLines(spec).stream().filter(l -> l.startsWith("Socket profile clauses: "))
                .findFirst().orElseThrow();
        List<String> listed = Arrays.stream(line.substring("Socket profile clauses: ".length()).split(","))
                .map(String::strip).toList();
        assertThat(SocketProfile.CLAUSES).as("SocketProfile.CLAUSES against spec 8.5's list").isEqualTo(listed);
    }

    @Test
    void aTargetWithoutCommandsRunsOnlyTheProfile() {
        KitSettings none = KitSettings.fromProperties(Map.of("ctlsock.target", "s {socket}",
                "ctlsock.capabilities", "none")::get);
        assertThat(none.claims(Capability.COMMANDS)).isFalse();
        assertThat(SocketProfile.reasonToSkip(none, "2.2.1")).isEmpty();
        assertThat(SocketProfile.reasonToSkip(none, "4.3.5")).isEmpty();
        assertThat(SocketProfile.reasonToSkip(none, "4.3.1")).get().asString()
                .contains("does not claim `commands` (spec 8.1)").contains("4.3.1");
        assertThat(SocketProfile.reasonToSkip(none, "9.3.1")).isPresent();
        assertThat(SocketProfile.describe(none)).startsWith("socket profile");
    }

    @Test
    void aCommandTemplateAloneAssumesCommandsAndSaysSo() {
        KitSettings assumed = KitSettings.fromProperties(Map.of("ctlsock.target", "s {socket}")::get);
        assertThat(assumed.claims(Capability.COMMANDS)).isTrue();
        assertThat(assumed.commandsAssumed()).isTrue();
        assertThat(SocketProfile.describe(assumed)).contains("assumed").contains("--capabilities none");
        assertThat(SocketProfile.reasonToSkip(assumed, "5.1.1")).isEmpty();
        KitSettings modeOnly = KitSettings.fromProperties(Map.of("ctlsock.socket", "/s",
                "ctlsock.capabilities", "mode,-commands")::get);
        assertThat(modeOnly.capabilities()).containsExactly(Capability.MODE);
        KitSettings listed = KitSettings.fromProperties(Map.of("ctlsock.socket", "/s",
                "ctlsock.capabilities", "commands,mode")::get);
        assertThat(listed.commandsAssumed()).isFalse();
    }
}
