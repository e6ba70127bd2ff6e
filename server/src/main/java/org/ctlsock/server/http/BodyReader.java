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
  static byte[] read(InputStream in, long length, long max, Reservation reservation) throws IOException, HttpStatusException {
    if (length == 0) {
      return EMPTY;
    }
    if (length > 0) {
      reservation.grow(length);
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new org.apache.hc.core5.http.ConnectionClosedException("the client closed before the body was complete");
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
        reservation.grow(larger);
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

  /** Memory reserved in the {@link BodyBudget} for one body; grows with a chunked body. */
  static final class Reservation implements AutoCloseable {
    private final BodyBudget budget;
    private long bytes;

    Reservation(BodyBudget budget) {
      this.budget = budget;
    }

    /**
     * Makes sure {@code size} bytes are reserved (sizes up to {@link BodyBudget#FREE_BYTES} are free).
     *
     * @throws HttpStatusException 503 when the server holds too much request data already
     */
    void grow(long size) throws HttpStatusException {
      if (size <= BodyBudget.FREE_BYTES || size <= bytes) {
        return;
      }
      if (!budget.tryReserve(size - bytes)) {
        throw new HttpStatusException(503, "the server holds too much request data right now; try again later");
      }
      bytes = size;
    }

    @Override
    public void close() {
      budget.release(bytes);
      bytes = 0;
    }
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
