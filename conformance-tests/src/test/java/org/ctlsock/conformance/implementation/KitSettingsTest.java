package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.Level;
import org.junit.jupiter.api.Test;

class KitSettingsTest {
    private static KitSettings of(Map<String, String> props) {
        return KitSettings.fromProperties(props::get);
    }

    @Test
    void defaultsToTheReferenceServer() {
        KitSettings s = of(Map.of("ctlsock.server.jar", "/x/server/target/ctlsock-server.jar"));
        assertThat(s.mode()).isEqualTo(KitSettings.Mode.LAUNCH);
        assertThat(s.targetName()).isEqualTo("reference-server");
        assertThat(s.capabilities()).containsExactlyInAnyOrder(Capability.MODE, Capability.GROUP, Capability.PEERCRED,
                Capability.SOCKET_ACTIVATION, Capability.QUERY_ARGS, Capability.TIMEOUTS, Capability.COMMANDS);
        // Through server/ctlsock.json, whose {dir} is the server module that holds target/ctlsock-server.jar.
        assertThat(s.command().words()).contains("-jar", "{dir}/target/ctlsock-server.jar", "{options}", "{socket}");
        assertThat(s.commandDir()).isEqualTo(java.nio.file.Path.of("/x/server"));
        assertThat(s.describedAs()).contains("server/ctlsock.json");
        assertThat(s.timeouts().within().toMillis()).isEqualTo(10_000);
        assertThat(s.timeouts().during().toMillis()).isEqualTo(500);
    }

    @Test
    void readsATargetAttachModeAndScale() {
        KitSettings t = of(Map.of("ctlsock.target", "python3 s.py {socket}", "ctlsock.capabilities", "mode",
                "ctlsock.timeoutScale", "2.5"));
        assertThat(t.capabilities()).containsExactlyInAnyOrder(Capability.COMMANDS, Capability.MODE);
        assertThat(t.timeouts().within().toMillis()).isEqualTo(25_000);
        KitSettings a = of(Map.of("ctlsock.socket", "/run/x.sock"));
        assertThat(a.isAttached()).isTrue();
        assertThat(a.socket().toString()).isEqualTo("/run/x.sock");
    }

    @Test
    void rejectsConflictsAndBadValues() {
        assertThatThrownBy(() -> of(Map.of("ctlsock.target", "a {socket}", "ctlsock.socket", "/s")))
                .isInstanceOf(KitError.class).hasMessageContaining("only one");
        assertThatThrownBy(() -> of(Map.of("ctlsock.socket", "/s", "ctlsock.timeoutScale", "fast")))
                .isInstanceOf(KitError.class).hasMessageContaining("timeoutScale");
        assertThatThrownBy(() -> of(Map.of("ctlsock.socket", "/s", "ctlsock.capabilities", "modes")))
                .isInstanceOf(KitError.class).hasMessageContaining("modes");
        assertThatThrownBy(() -> of(Map.of())).isInstanceOf(KitError.class).hasMessageContaining("no target");
    }

    @Test
    void selectsByIdPrefixAndLevel() {
        KitSettings s = of(Map.of("ctlsock.socket", "/s", "ctlsock.clauses", "4.2, 5.1.1", "ctlsock.levels",
                "MUST,must-not"));
        assertThat(s.selects("4.2.1", Level.MUST)).isTrue();
        assertThat(s.selects("4.2.1", Level.SHOULD)).isFalse();
        assertThat(s.selects("4.20.1", Level.MUST)).isFalse();
        assertThat(s.selects("5.1.1", Level.MUST_NOT)).isTrue();
        assertThat(s.selects("5.1.2", Level.MUST)).isFalse();
        assertThat(of(Map.of("ctlsock.socket", "/s")).selects("9.9.9", Level.MAY)).isTrue();
    }
}
