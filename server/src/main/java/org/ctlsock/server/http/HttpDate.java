package org.ctlsock.server.http;

/**
 * The Date field value (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once a second and by
 * hand: java.time's formatter costs tens of milliseconds of class loading on the first response.
 */
final class HttpDate {
  private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  /** The value for the current second, with its bytes: one object, so a second never gets another's value. */
  private static volatile Stamp cached = new Stamp(Long.MIN_VALUE, "");

  private HttpDate() {}

  /** Now, as the field's value in ASCII bytes (not to be modified). */
  static byte[] nowAscii() {
    long second = Math.floorDiv(System.currentTimeMillis(), 1000);
    Stamp stamp = cached;
    if (stamp.second != second) {
      stamp = new Stamp(second, format(second));
      cached = stamp;
    }
    return stamp.ascii;
  }

  private static final class Stamp {
    final long second;
    final byte[] ascii;

    Stamp(long second, String value) {
      this.second = second;
      this.ascii = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  /** Formats seconds since the epoch as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String format(long epochSecond) {
    long days = Math.floorDiv(epochSecond, 86400);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86400);
    // civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian calendar
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    StringBuilder b = new StringBuilder(29);
    b.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
    two(b, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
    two(b, secondOfDay / 3600).append(':');
    two(b, secondOfDay / 60 % 60).append(':');
    two(b, secondOfDay % 60).append(" GMT");
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int n) {
    return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }
}
