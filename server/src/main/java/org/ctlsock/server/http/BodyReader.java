package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hc.core5.http.ContentLengthStrategy;

/** Reads or discards a request body within the body limit (spec 7.2). */
final class BodyReader {
  private static final byte[] EMPTY = new byte[0];

  private BodyReader() {}

  /**
   * Reads the whole body.
   *
   * @param length the Content-Length (already checked against the limit) or {@link
   *     ContentLengthStrategy#CHUNKED}
   * @throws HttpStatusException 413 when a chunked body grows over {@code max}
   */
  static byte[] read(InputStream in, long length, long max, MemoryReservation reservation) throws IOException, HttpStatusException {
    if (length == 0) {
      return EMPTY;
    }
    if (length > 0) {
      reservation.coverBody(length);
      // Exactly one array of the body's size (readNBytes would collect 8 KiB pieces and copy them).
      byte[] body = new byte[(int) length];
      int size = 0;
      while (size < body.length) {
        int n = in.read(body, size, body.length - size);
        if (n < 0) {
          throw new org.apache.hc.core5.http.ConnectionClosedException("the client closed before the body was complete");
        }
        size += n;
      }
      return body;
    }
    byte[] buffer = new byte[(int) Math.min(8192, max + 1)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size > max) {
          throw new HttpStatusException(413, "request body too large: over " + max + " bytes");
        }
        int larger = (int) Math.min((long) buffer.length * 2, max + 1);
        reservation.coverBody((long) larger + buffer.length); // the old buffer lives until the copy is done
        buffer = Arrays.copyOf(buffer, larger);
      }
      int n = in.read(buffer, size, buffer.length - size);
      if (n < 0) {
        break;
      }
      size += n;
    }
    if (size > max) {
      throw new HttpStatusException(413, "request body too large: over " + max + " bytes");
    }
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  /**
   * Reads and drops a body nobody needs (GET, or an error answered before the command), so that
   * the connection stays usable.
   *
   * @return false when the body is larger than {@code max}: the connection must then close
   */
  static boolean discard(InputStream in, long max) throws IOException {
    byte[] scratch = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(scratch)) >= 0) {
      total += n;
      if (total > max) {
        return false;
      }
    }
    return true;
  }
}
