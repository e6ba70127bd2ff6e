package org.ctlsock.server.http;

/**
 * Logs a kind of failure once per burst instead of once per occurrence (spec 7.5): when threads,
 * file descriptors or memory run out, every connection fails the same way, and a line (or a stack
 * trace) for each would flood the log and spend the very resources that are short. The first
 * failure of a burst is logged; the rest are counted, and the count is logged when service
 * recovers or when the next burst begins.
 */
final class FaultLog {
  private static final long QUIET_NANOS = 10_000_000_000L;

  private final String what;
  private final boolean stackTraces;
  private volatile boolean inBurst;
  private long lastFailureNanos;
  private long repeats;

  /**
   * @param what what failed, e.g. "cannot serve a new connection"
   * @param stackTraces whether the first failure of a burst is logged with its stack trace
   */
  FaultLog(String what, boolean stackTraces) {
    this.what = what;
    this.stackTraces = stackTraces;
  }

  void failed(Throwable failure) {
    try {
      synchronized (this) {
        long now = System.nanoTime();
        if (inBurst && now - lastFailureNanos < QUIET_NANOS) {
          repeats++;
          lastFailureNanos = now;
          return;
        }
        if (inBurst) {
          print(repeats + " more of: " + what);
        }
        inBurst = true;
        repeats = 0;
        lastFailureNanos = now;
      }
      print(what + ": " + failure + " (further failures of this kind are counted, not logged, until it recovers)");
      if (stackTraces) {
        failure.printStackTrace();
      }
    } catch (Throwable ignored) { // NOPMD: out of memory while logging; the count will tell
      // nothing better to do
    }
  }

  /** Called after each success; cheap unless a burst was going on. */
  void succeeded() {
    if (!inBurst) {
      return;
    }
    long count;
    synchronized (this) {
      if (!inBurst) {
        return;
      }
      inBurst = false;
      count = repeats + 1;
    }
    try {
      print("recovered: " + what + " failed " + count + (count == 1 ? " time" : " times") + " in the last burst");
    } catch (Throwable ignored) { // NOPMD
      // nothing better to do
    }
  }

  private static void print(String line) {
    System.err.println("ctlsock-server: " + line);
  }
}
