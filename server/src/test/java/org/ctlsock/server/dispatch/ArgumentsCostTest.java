package org.ctlsock.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The memory estimate of arguments stops where the parser would refuse them for their depth. */
class ArgumentsCostTest {
  private static byte[] nested(String open, String close, int levels) {
    return ("[" + open.repeat(levels) + close.repeat(levels) + "]").getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void nestingBeyondTheLimitIsNotCountedSinceTheParserRefusesItThere() {
    long withinLimit = ArgumentsCost.of(nested("{\"a\":", "}", 512), 512);
    byte[] deep = nested("{\"a\":", "}", 100_000);
    long farBeyond = ArgumentsCost.of(deep, 512);
    // 100,000 levels were estimated at about 57 MB: a 503 on a small heap for a client's mistake.
    // Now only what the parser builds before refusing (at most 512 levels) counts, plus the
    // body's size twice, for the answer.
    assertThat(farBeyond).isLessThanOrEqualTo(withinLimit + 2L * deep.length);
    assertThat(farBeyond).isLessThan(2_000_000);
  }

  @Test
  void argumentsWithinTheDepthLimitAreCountedWhole() {
    byte[] wide = ("[" + "[1,\"ab\"],".repeat(1000) + "[]]").getBytes(StandardCharsets.US_ASCII);
    assertThat(ArgumentsCost.of(wide, 512)).isEqualTo(ArgumentsCost.of(wide, 10_000));
    assertThat(ArgumentsCost.of(nested("[", "]", 400), 512))
        .isEqualTo(ArgumentsCost.of(nested("[", "]", 400), 10_000));
  }
}
