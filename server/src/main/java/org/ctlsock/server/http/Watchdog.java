package org.ctlsock.server.http;

import java.time.Duration;
import java.util.Set;

/**
 * One thread that enforces every connection's deadline (spec 7.3.1): an idle connection is
 * closed; a request that arrives too slowly has its input shut so its thread answers 408; a
 * response the client does not take is dropped. Ticking is cheap: a scan of volatile fields.
 */
final class Watchdog {
  private static final long STOP_READING_GRACE_NANOS = 2_000_000_000L;

  private final Set<ConnectionHandler> connections;
  private final IdleHeapTrim heapTrim;
  private final long tickMillis;
  private final Thread thread;
  private final FaultLog faults = new FaultLog("the connection watchdog failed", true);
  private volatile boolean stopped;

  Watchdog(Set<ConnectionHandler> connections, Duration tick, IdleHeapTrim heapTrim) {
    this.connections = connections;
    this.heapTrim = heapTrim;
    this.tickMillis = Math.max(1, tick.toMillis());
    this.thread = new Thread(this::run, "ctlsock-watchdog");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopped = true;
    thread.interrupt();
  }

  private void run() {
    while (!stopped) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      }
      try {
        tick();
        faults.succeeded();
      } catch (Throwable t) { // NOPMD: the watchdog must outlive any one tick's failure (7.5.1)
        faults.failed(t);
      }
    }
  }

  private void tick() {
    long now = System.nanoTime();
    boolean busy = false;
    for (ConnectionHandler handler : connections) {
      check(handler, now);
      busy |= handler.state().phase() != ConnectionState.Phase.IDLE;
    }
    heapTrim.tick(now, busy);
  }

  private static void check(ConnectionHandler handler, long now) {
    ConnectionState state = handler.state();
    long deadline = state.deadline();
    if (deadline == 0 || now - deadline < 0) {
      return;
    }
    switch (state.phase()) {
      case READING:
        if (!state.readTimedOut()) {
          state.markReadTimedOut();
          state.extendDeadline(now + STOP_READING_GRACE_NANOS);
          handler.stopReading();
        } else {
          handler.abort();
        }
        break;
      case IDLE:
      case WRITING:
        handler.abort();
        break;
      case RUNNING:
      default:
        break;
    }
  }
}
