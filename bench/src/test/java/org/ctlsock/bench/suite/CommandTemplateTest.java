package org.ctlsock.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    @Test
    void substitutesDirAndSocketAndDropsOptions() {
        assertThat(CommandTemplate.parse("python3 {dir}/server.py {options} {socket}")
                .expand(Path.of("/tmp/s.sock"), Path.of("/repo/fixtures/python")))
                .containsExactly("python3", "/repo/fixtures/python/server.py", "/tmp/s.sock");
    }

    @Test
    void quotedWordsKeepTheirSpaces() {
        assertThat(CommandTemplate.parse("sh -c \"exec server  --x\"   {socket}").expand(Path.of("/s"), null))
                .containsExactly("sh", "-c", "exec server  --x", "/s");
        assertThat(CommandTemplate.parse("a \"\" {socket}").expand(Path.of("/s"), null)).containsExactly("a", "", "/s");
    }

    @Test
    void malformedTemplatesAreRejected() {
        assertThatThrownBy(() -> CommandTemplate.parse("server --x")).hasMessageContaining("{socket}");
        assertThatThrownBy(() -> CommandTemplate.parse("server \"{socket}")).hasMessageContaining("quote");
        assertThatThrownBy(() -> CommandTemplate.parse("{dir}/s {socket}").expand(Path.of("/s"), null))
                .hasMessageContaining("{dir}");
    }
}
