package org.ctlsock.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the heap that connections and requests in progress may hold all together (spec 7.5, 10.4),
 * so that no sequence of requests within the limits can exhaust the heap: every connection
 * reserves what its buffers cost, every request head what its lines cost as they arrive, and every
 * body what it costs once parsed (its JSON tree is many times its size) before it is parsed.
 * What does not fit is answered 503; the server itself keeps the rest of the heap.
 */
final class MemoryBudget {
  /** Heap the server keeps outside the budget: its own objects, the JVM's, and collector headroom. */
  static final long UNBUDGETED_BYTES = 16L * 1024 * 1024;

  private final long capacity;
  private final AtomicLong reserved = new AtomicLong();

  MemoryBudget(long capacity) {
    this.capacity = capacity;
  }

  /**
   * The configured budget, or by default half of what the heap has beyond {@link
   * #UNBUDGETED_BYTES} (the other half is headroom for the collector and for estimates that run
   * short), and at least 4 MiB.
   */
  static MemoryBudget of(long configured) {
    if (configured > 0) {
      return new MemoryBudget(configured);
    }
    long heap = Runtime.getRuntime().maxMemory();
    return new MemoryBudget(Math.max(4L * 1024 * 1024, (heap - UNBUDGETED_BYTES) / 2));
  }

  long capacity() {
    return capacity;
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

  long reserved() {
    return reserved.get();
  }
}
