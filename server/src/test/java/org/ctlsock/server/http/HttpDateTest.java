package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HttpDateTest {
  private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  @Test
  void formatsLikeJavaTime() {
    assertThat(HttpDate.format(784111777)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    for (int i = 0; i < 10_000; i++) {
      long s = ThreadLocalRandom.current().nextLong(0, 8_000_000_000L);
      assertThat(HttpDate.format(s)).isEqualTo(IMF.format(Instant.ofEpochSecond(s)));
    }
  }
}
