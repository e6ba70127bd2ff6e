package org.ctlsock.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CliOptionsTest {
  @Test
  void parsesTheSpecOptionWords_8_4_1() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--mode", "0660", "--group", "users", "--allow-uid", "1", "--allow-uid", "2", "--allow-gid", "3", "/tmp/x.sock"});
    assertThat(o.mode).isEqualTo(0660);
    assertThat(o.group).isEqualTo("users");
    assertThat(o.allowUids).containsExactly(1L, 2L);
    assertThat(o.allowGids).containsExactly(3L);
    assertThat(o.socketPath).isEqualTo("/tmp/x.sock");
  }

  @Test
  void parsesLimitsAndDurations() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--max-body=1048576", "--idle-timeout", "500ms", "--read-timeout", "2", "--grace", "0", "-q", "--", "-odd.sock"});
    assertThat(o.limits.maxBodyBytes()).isEqualTo(1048576);
    assertThat(o.limits.idleTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.limits.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.grace).isEqualTo(Duration.ZERO);
    assertThat(o.quiet).isTrue();
    assertThat(o.socketPath).isEqualTo("-odd.sock");
  }

  @Test
  void refusesMistakes_3_3_3() {
    String[][] bad = {
      {"--nope", "x"}, {}, {"a", "b"}, {"--mode", "8"}, {"--mode", "01000"}, {"--mode"}, {"--allow-uid", "-1", "x"},
      {"--idle-timeout", "0", "x"}, {"--quiet=1", "x"}, {"--max-connections", "0", "x"}
    };
    for (String[] args : bad) {
      assertThatThrownBy(() -> CliOptions.parse(args)).as(String.join(" ", args)).isInstanceOf(UsageException.class);
    }
  }
}
