package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.KitError;
import org.junit.jupiter.api.Test;

/**
 * The kit's rules on top of the one tokenizer (whose own tests are in the process module): a template must say
 * where the socket goes, also inside a word, and one the kit cannot use is a kit error.
 */
class CommandTemplateTest {
    @Test
    void acceptsTheSocketInsideAWord() {
        // Issue 19: the kit refused gunicorn's "--bind unix:{socket}", so gunicorn needed a shell shim.
        org.ctlsock.process.CommandTemplate t = KitSettings.parseTemplate("gunicorn --bind unix:{socket} app:app");
        assertThat(t.hasOptionsWord()).isFalse();
        assertThat(t.expand(Path.of("/s"), Path.of("/d"), List.of("--mode", "0660")))
                .containsExactly("gunicorn", "--bind", "unix:/s", "--mode", "0660", "app:app");
    }

    @Test
    void rejectsTemplatesItCannotUse() {
        assertThatThrownBy(() -> KitSettings.parseTemplate("server \"{socket}")).isInstanceOf(KitError.class)
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() -> KitSettings.parseTemplate("server")).isInstanceOf(KitError.class)
                .hasMessageContaining("{socket}");
        assertThatThrownBy(() -> KitSettings.parseTemplate("   ")).isInstanceOf(KitError.class);
    }
}
