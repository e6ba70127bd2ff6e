package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.KitError;
import org.junit.jupiter.api.Test;

/** Spec 8.2.1: words, double quotes, {socket}, {dir}, {options}. */
class CommandTemplateTest {
    @Test
    void expandsWordsQuotesAndPlaceholders() {
        CommandTemplate t = CommandTemplate.parse("\"/opt/my java/bin/java\"  -jar {dir}/s.jar {options} {socket}");
        assertThat(t.expand(Path.of("/tmp/a b/ctl.sock"), Path.of("/d"), List.of("--mode", "0660")))
                .containsExactly("/opt/my java/bin/java", "-jar", "/d/s.jar", "--mode", "0660", "/tmp/a b/ctl.sock");
        assertThat(t.expand(Path.of("/s"), Path.of("/d"), List.of())).containsExactly("/opt/my java/bin/java", "-jar",
                "/d/s.jar", "/s");
        assertThat(t.hasOptionsWord()).isTrue();
    }

    @Test
    void withoutAnOptionsWordTheOptionsGoJustBeforeTheSocket() {
        // So that 3.3.3 (an unknown option is refused) reaches every target, whatever its template (spec 8.2.1).
        CommandTemplate t = CommandTemplate.parse("python3 {dir}/s.py --verbose {socket} --after");
        assertThat(t.hasOptionsWord()).isFalse();
        assertThat(t.expand(Path.of("/s"), Path.of("/d"), List.of("--ctlsock-no-such-option")))
                .containsExactly("python3", "/d/s.py", "--verbose", "--ctlsock-no-such-option", "/s", "--after");
        assertThat(t.expand(Path.of("/s"), Path.of("/d"), List.of()))
                .containsExactly("python3", "/d/s.py", "--verbose", "/s", "--after");
    }

    @Test
    void rejectsTemplatesItCannotUse() {
        assertThatThrownBy(() -> CommandTemplate.parse("server \"{socket}")).isInstanceOf(KitError.class)
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> CommandTemplate.parse("server")).isInstanceOf(KitError.class)
                .hasMessageContaining("{socket}");
        assertThatThrownBy(() -> CommandTemplate.parse("   ")).isInstanceOf(KitError.class);
    }
}
