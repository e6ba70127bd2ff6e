package org.ctlsock.server.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Date field value (RFC 9110 §6.6.1), formatted at most once a second. */
final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static volatile long cachedSecond = -1;
  private static volatile String cachedValue = "";

  private HttpDate() {}

  static String now() {
    long millis = System.currentTimeMillis();
    long second = millis / 1000;
    if (second != cachedSecond) {
      String value = IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
      cachedValue = value;
      cachedSecond = second;
      return value;
    }
    return cachedValue;
  }
}
