package org.ctlsock.server.http;

/**
 * Gives memory back after a burst of traffic. Under load the JVM grows its heap (hundreds of MiB
 * at tens of thousands of requests a second) and does not shrink it on its own while nothing
 * happens; a control socket is idle nearly all of its life. Once the server has been idle for a
 * while after serving requests, and the heap has grown, one full collection lets the JVM
 * uncommit the unused heap. At most one collection per idle period.
 */
final class IdleHeapTrim {
  private static final long IDLE_NANOS = 10_000_000_000L;
  private static final long GROWN_BYTES = 48L * 1024 * 1024;

  private volatile long lastRequestNanos;
  private volatile boolean servedSinceTrim;
  private final boolean enabled;

  IdleHeapTrim(boolean enabled) {
    this.enabled = enabled;
  }

  /** Called once per request; writes the shared fields at most about once a millisecond. */
  void requestServed() {
    if (enabled) {
      long now = System.nanoTime();
      if (now - lastRequestNanos > 1_000_000L) {
        lastRequestNanos = now;
      }
      if (!servedSinceTrim) {
        servedSinceTrim = true;
      }
    }
  }

  /** Called by the watchdog on each tick. */
  void tick(long now, boolean anyConnectionBusy) {
    if (!enabled || !servedSinceTrim || anyConnectionBusy || now - lastRequestNanos < IDLE_NANOS) {
      return;
    }
    servedSinceTrim = false;
    if (Runtime.getRuntime().totalMemory() > GROWN_BYTES) {
      System.gc();
    }
  }
}
