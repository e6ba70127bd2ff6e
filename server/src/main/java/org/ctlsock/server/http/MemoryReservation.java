package org.ctlsock.server.http;

/**
 * One connection's share of the {@link MemoryBudget}: what the connection itself costs (its
 * buffers and objects) for as long as it is open, plus what its current request costs (head lines
 * as they arrive, the body, the parsed arguments and the answer) until the answer is written.
 * Used by the connection's own thread only (and by the accept thread before that one starts).
 */
final class MemoryReservation implements AutoCloseable {
  /**
   * What an open connection costs before any request: HttpCore's input and line buffers, our
   * response buffer (up to 16 KiB once a large answer was sent), the handler's objects, the socket's
   * objects and its thread's Java side. A new connection allocates about 8 KiB with its first
   * request; the count stays at 40 KiB, erring on the side of refusing a connection rather than
   * running the heap out.
   */
  static final long CONNECTION_BYTES = 40 * 1024;

  /**
   * What a byte of request head costs once parsed: the line as chars (2), the header object and
   * its name and value strings (2 to 4), room for the 1000 small headers' object overhead.
   */
  static final long HEAD_BYTE = 8;

  /** Head costs are reserved in multiples of this (512 bytes of head). */
  static final long HEAD_STEP = 4 * 1024;

  private final MemoryBudget budget;
  private long connection;
  private long head;
  private long body;

  MemoryReservation(MemoryBudget budget) {
    this.budget = budget;
  }

  /** Reserves the connection's own cost; false when the budget has no room for another one. */
  boolean admitConnection() {
    if (!budget.tryReserve(CONNECTION_BYTES)) {
      return false;
    }
    connection = CONNECTION_BYTES;
    return true;
  }

  /**
   * Makes sure a head of {@code headBytes} bytes so far is paid for.
   *
   * @return false when the budget has no room: the request is answered 503
   */
  boolean coverHead(long headBytes) {
    long needed = headBytes * HEAD_BYTE;
    if (needed <= head) {
      return true;
    }
    // Reserved in steps, so that a usual head is paid for with its first line, not line by line
    // (every reservation is an atomic update of the budget that all connections share).
    // Near the budget's end, no more than what is needed.
    long covered = (needed + HEAD_STEP - 1) / HEAD_STEP * HEAD_STEP;
    if (!budget.tryReserve(covered - head)) {
      if (!budget.tryReserve(needed - head)) {
        return false;
      }
      covered = needed;
    }
    head = covered;
    return true;
  }

  /**
   * Makes sure {@code bytes} are reserved for the request's body and what is made of it.
   *
   * @throws HttpStatusException 503 when the server holds too much request data already
   */
  void coverBody(long bytes) throws HttpStatusException {
    if (bytes <= body) {
      return;
    }
    if (!budget.tryReserve(bytes - body)) {
      throw new HttpStatusException(503, "the server holds too much request data right now; try again later");
    }
    body = bytes;
  }

  /** The request is answered: give back what it held, keep the connection's share. */
  void endRequest() {
    budget.release(head + body);
    head = 0;
    body = 0;
  }

  @Override
  public void close() {
    endRequest();
    budget.release(connection);
    connection = 0;
  }
}
