package org.ctlsock.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Command templates (spec 8.2.1) become the right command lines. */
class ServerTargetTest {
  @Test
  void fillsSocketAndDirAndDropsOptions() {
    ServerTarget target = new ServerTarget("t", "python3 {dir}/server.py {options} {socket}",
        Path.of("/fx/python"), List.of(), null);
    assertThat(target.command(Path.of("/tmp/s/ctl.sock")))
        .containsExactly("python3", "/fx/python/server.py", "/tmp/s/ctl.sock");
  }

  @Test
  void quotedWordsKeepTheirSpaces() {
    ServerTarget target = new ServerTarget("t", "\"/opt/my java/bin/java\"  -jar  \"{dir}/a b.jar\" {socket}",
        Path.of("/fx"), List.of(), null);
    assertThat(target.command(Path.of("/s")))
        .containsExactly("/opt/my java/bin/java", "-jar", "/fx/a b.jar", "/s");
  }

  @Test
  void unbalancedQuoteIsRejected() {
    ServerTarget target = new ServerTarget("t", "java \"-jar x.jar {socket}", Path.of("/fx"), List.of(), null);
    assertThatThrownBy(() -> target.command(Path.of("/s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quote");
  }
}
