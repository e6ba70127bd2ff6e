package org.ctlsock.server.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ISO 8601 UTC timestamps with milliseconds for log lines, without java.time's formatter. */
final class LogTimestamp {
  private LogTimestamp() {}

  static StringBuilder append(StringBuilder b, long epochMillis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
    b.append(t.getYear()).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append('T');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append('.');
    return pad(b, Math.floorMod(epochMillis, 1000), 3).append('Z');
  }

  private static StringBuilder pad(StringBuilder b, int n, int width) {
    String digits = Integer.toString(n);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits);
  }
}
