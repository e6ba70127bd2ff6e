package org.ctlsock.server.http;

/**
 * Where a connection is in its request cycle and when that phase must end (spec 7.3.1). The
 * connection's thread moves it along; the watchdog reads it. Only volatile fields, no locks: this
 * is on the hot path.
 */
final class ConnectionState {
  enum Phase {
    /** Waiting for the first byte of the next request: the idle timeout applies. */
    IDLE,
    /** A request is arriving (head and body): the read timeout applies to all of it. */
    READING,
    /** The command runs: no timeout (a command may take long, 7.4.1). */
    RUNNING,
    /** The response is being written: the write timeout applies. */
    WRITING
  }

  private final long idleNanos;
  private final long readNanos;
  private final long writeNanos;

  private volatile Phase phase = Phase.IDLE;
  private volatile long deadline;
  private volatile boolean readTimedOut;

  ConnectionState(long idleNanos, long readNanos, long writeNanos) {
    this.idleNanos = idleNanos;
    this.readNanos = readNanos;
    this.writeNanos = writeNanos;
  }

  void enterIdle() {
    deadline = System.nanoTime() + idleNanos;
    phase = Phase.IDLE;
  }

  /** Called for every read that returned bytes: the first one after idle starts a request. */
  void bytesArrived() {
    if (phase == Phase.IDLE) {
      deadline = System.nanoTime() + readNanos;
      phase = Phase.READING;
    }
  }

  /** The head is complete (pipelined requests may arrive without any read). */
  void requestStarted() {
    if (phase == Phase.IDLE) {
      deadline = System.nanoTime() + readNanos;
      phase = Phase.READING;
    }
  }

  void enterRunning() {
    phase = Phase.RUNNING;
    deadline = 0;
  }

  void enterWriting() {
    deadline = System.nanoTime() + writeNanos;
    phase = Phase.WRITING;
  }

  Phase phase() {
    return phase;
  }

  /** The deadline in {@link System#nanoTime()} terms, or 0 when none applies. */
  long deadline() {
    return deadline;
  }

  void extendDeadline(long until) {
    deadline = until;
  }

  void markReadTimedOut() {
    readTimedOut = true;
  }

  boolean readTimedOut() {
    return readTimedOut;
  }
}
