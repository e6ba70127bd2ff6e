package org.ctlsock.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the memory that request bodies in progress may hold all together (spec 10.4): a body is
 * parsed into a JSON tree several times its size, so a thousand connections each sending the
 * largest allowed body would exhaust any heap. Small bodies (the common case) are not counted and
 * cost nothing; larger ones reserve their size and are answered 503 when the budget is spent.
 */
final class BodyBudget {
  /** Bodies up to this size are free: they cannot add up to a danger within the connection cap. */
  static final int FREE_BYTES = 64 * 1024;

  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  BodyBudget(long capacity) {
    this.capacity = capacity;
  }

  /**
   * The configured budget, or by default a sixteenth of the heap (a body's tree takes several
   * times its size) but room for one largest body.
   */
  static BodyBudget of(long configured, long maxBodyBytes) {
    return new BodyBudget(configured > 0 ? configured : Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 16));
  }

  boolean tryReserve(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    while (true) {
      long now = reserved.get();
      if (now + bytes > capacity) {
        return false;
      }
      if (reserved.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    if (bytes > 0) {
      reserved.addAndGet(-bytes);
    }
  }
}
