package org.ctlsock.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec 8.2.1: words, double quotes, {socket}, {dir}, {options}. */
class CommandTemplateTest {
    private static final Path SOCKET = Path.of("/tmp/a b/ctl.sock");
    private static final Path DIR = Path.of("/d");

    @Test
    void expandsWordsQuotesAndPlaceholders() {
        CommandTemplate t = CommandTemplate.parse("\"/opt/my java/bin/java\"  -jar {dir}/s.jar {options} {socket}");
        assertThat(t.expand(SOCKET, DIR, List.of("--mode", "0660")))
                .containsExactly("/opt/my java/bin/java", "-jar", "/d/s.jar", "--mode", "0660", "/tmp/a b/ctl.sock");
        assertThat(t.expand(Path.of("/s"), DIR)).containsExactly("/opt/my java/bin/java", "-jar", "/d/s.jar", "/s");
        assertThat(t.hasOptionsWord()).isTrue();
        assertThat(CommandTemplate.parse("a \"\" b").words()).containsExactly("a", "", "b");
    }

    @Test
    void withoutAnOptionsWordTheOptionsGoJustBeforeTheSocket() {
        // So that 3.3.3 (an unknown option is refused) reaches every target, whatever its template (spec 8.2.1).
        CommandTemplate t = CommandTemplate.parse("python3 {dir}/s.py --verbose {socket} --after");
        assertThat(t.hasOptionsWord()).isFalse();
        assertThat(t.expand(Path.of("/s"), DIR, List.of("--ctlsock-no-such-option")))
                .containsExactly("python3", "/d/s.py", "--verbose", "--ctlsock-no-such-option", "/s", "--after");
        assertThat(t.expand(Path.of("/s"), DIR, List.of())).containsExactly("python3", "/d/s.py", "--verbose", "/s",
                "--after");
    }

    @Test
    void aSocketInsideAWordIsFilledInAndKeepsItsOptionNextToIt() {
        // gunicorn's form (issue 19): the kit used to refuse it, so gunicorn needed a shell shim.
        CommandTemplate t = CommandTemplate.parse("gunicorn --bind unix:{socket} --chdir {dir} app:app").requireSocket();
        assertThat(t.expand(SOCKET, DIR)).containsExactly("gunicorn", "--bind", "unix:/tmp/a b/ctl.sock", "--chdir",
                "/d", "app:app");
        assertThat(t.expand(SOCKET, DIR, List.of("--mode", "0660"))).containsExactly("gunicorn", "--bind",
                "unix:/tmp/a b/ctl.sock", "--mode", "0660", "--chdir", "/d", "app:app");
        assertThat(CommandTemplate.parse("srv --listen=unix:{socket},mode={socket}").expand(Path.of("/s"), DIR))
                .containsExactly("srv", "--listen=unix:/s,mode=/s");
    }

    @Test
    void rejectsTemplatesItCannotUse() {
        assertThatThrownBy(() -> CommandTemplate.parse("server \"{socket}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> CommandTemplate.parse("server").requireSocket())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{socket}");
        assertThatThrownBy(() -> CommandTemplate.parse("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandTemplate.parse("{dir}/s {socket}").expand(Path.of("/s"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{dir}");
    }

    @Test
    void aCommandThatReadsItsSocketFromAFileNeedsNoSocketWord() {
        assertThat(CommandTemplate.parse("nginx -c {dir}/nginx.conf").expand(null, DIR))
                .containsExactly("nginx", "-c", "/d/nginx.conf");
    }
}
