package org.ctlsock.server.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.ctlsock.server.RequestLog;

/**
 * One line per request on standard error: ISO time, peer uid, method, command, status, duration.
 * Written unbuffered in one write per line, so lines from concurrent connections do not mix.
 */
final class StderrRequestLog implements RequestLog {
  private final OutputStream err = new FileOutputStream(FileDescriptor.err);

  @Override
  public void requestDone(long peerUid, String method, String command, int status, long durationNanos) {
    StringBuilder line = new StringBuilder(96);
    LogTimestamp.append(line, System.currentTimeMillis()).append(" uid=");
    if (peerUid < 0) {
      line.append('?');
    } else {
      line.append(peerUid);
    }
    line.append(' ').append(sanitize(method)).append(' ').append(sanitize(command)).append(' ').append(status).append(' ');
    long micros = durationNanos / 1000;
    long fraction = micros % 1000;
    line.append(micros / 1000).append('.').append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10)).append((char) ('0' + fraction % 10)).append("ms\n");
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        err.write(bytes);
      } catch (IOException e) {
        // stderr closed: nothing sensible to do
      }
    }
  }

  /** Log lines stay single lines whatever a client sent. */
  private static String sanitize(String s) {
    if (s.length() > 200) {
      s = s.substring(0, 200) + "...";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ' ') {
        if (b == null) {
          b = new StringBuilder(s.substring(0, i));
        }
        b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
