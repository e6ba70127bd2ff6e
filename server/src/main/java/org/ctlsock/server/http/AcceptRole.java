package org.ctlsock.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctlsock.server.transport.IdlePoller;

/**
 * One accept role: a pooled thread that accepts a connection and serves it itself, then accepts
 * again. While it serves, nobody accepts in its place; so once it has served one connection for
 * longer than {@link RoleMonitor} allows (a slow command, a slow or silent client, a client that
 * keeps its connection), the monitor gives the role to a new thread and this one goes on serving
 * its connection alone. The thread learns that only when its connection ends, from {@link
 * #finishServing}: there is nothing to interrupt.
 *
 * <p>A role may also be a spare: its thread parks instead of accepting (see {@link AcceptRoles}).
 *
 * <p>The states and who moves them: the role's thread moves ACCEPTING → SERVING → ACCEPTING and
 * ACCEPTING → SPARE; the monitor moves SPARE → ACCEPTING, and SERVING → HANDING_OVER and then,
 * having started the new thread, → DISPLACED (or, when no thread could be started, back to
 * SERVING). The role's thread waits out HANDING_OVER, which lasts as long as one thread start.
 */
final class AcceptRole {
  private static final int ACCEPTING = 0;
  private static final int SERVING = 1;
  private static final int HANDING_OVER = 2;
  private static final int DISPLACED = 3;
  private static final int SPARE = 4;

  private final AtomicInteger state;
  private final Thread thread;
  /** For a poller role (serves the requests of connections waiting in this poller): the poller; else {@code null}. */
  private final IdlePoller poller;
  // A poller role's batch: the connections its last select found ready, and the index of the one
  // being served. Written by the role's thread before it starts serving (the state's volatile write
  // publishes them); read by whoever hands the role over, while that thread serves.
  private List<Object> batch;
  private int batchIndex;
  /** When the current connection was accepted ({@link System#nanoTime()}); written before SERVING. */
  private volatile long servingSince;
  private volatile ConnectionHandler serving;
  // Touched by the role's thread only.
  private int quickAccepts;
  private int waitedAccepts;

  AcceptRole(Thread thread, boolean spare) {
    this(thread, spare, null);
  }

  AcceptRole(Thread thread, boolean spare, IdlePoller poller) {
    this.thread = thread;
    this.poller = poller;
    this.state = new AtomicInteger(spare ? SPARE : ACCEPTING);
  }

  /** The poller this role selects on, or {@code null} for an accept role. */
  IdlePoller poller() {
    return poller;
  }

  Thread thread() {
    return thread;
  }

  /** A poller role's thread is about to serve item {@code index} of {@code batch}. */
  void servingFromBatch(List<Object> batch, int index) {
    this.batch = batch;
    this.batchIndex = index;
  }

  /**
   * The connections of a poller role's batch that its thread has not reached, for the thread that
   * takes the role over (they were found ready; a new select would find them again, but a batch
   * cut short each time in the same order would never reach its last ones).
   */
  List<Object> batchNotReached() {
    List<Object> b = batch;
    if (b == null) {
      return List.of();
    }
    return new ArrayList<>(b.subList(Math.min(batchIndex + 1, b.size()), b.size()));
  }

  /** The role's thread is about to serve {@code handler} itself. */
  void startServing(ConnectionHandler handler, long now) {
    serving = handler;
    servingSince = now;
    state.set(SERVING);
  }

  /**
   * The role's thread has finished its connection.
   *
   * @return whether it still holds the role (accept again); {@code false}: the role went to
   *     another thread, and this one ends
   */
  boolean finishServing() {
    while (true) {
      int s = state.get();
      if (s == SERVING && state.compareAndSet(SERVING, ACCEPTING)) {
        serving = null;
        return true;
      }
      if (s == DISPLACED) {
        serving = null;
        return false;
      }
      Thread.onSpinWait(); // HANDING_OVER: the monitor is starting the new thread
    }
  }

  /** Whether the role has served one connection since before {@code cutoff} (monitor only). */
  boolean servingSinceBefore(long cutoff) {
    return state.get() == SERVING && servingSince - cutoff < 0;
  }

  boolean isServing() {
    return state.get() == SERVING;
  }

  boolean isAccepting() {
    return state.get() == ACCEPTING;
  }

  boolean isSpare() {
    return state.get() == SPARE;
  }

  /** @return quick accepts in a row, this one included */
  int countQuickAccept() {
    waitedAccepts = 0;
    return ++quickAccepts;
  }

  /** @return accepts in a row that waited for their connection, this one included */
  int countWaitedAccept() {
    quickAccepts = 0;
    return ++waitedAccepts;
  }

  void resetStreaks() {
    quickAccepts = 0;
    waitedAccepts = 0;
  }

  /** The role's thread stops accepting and parks until {@link #wake}. */
  void becomeSpare() {
    state.set(SPARE);
  }

  /** Makes a spare role accept again (another role's thread); {@code false} if it was not a spare. */
  boolean wake() {
    return state.compareAndSet(SPARE, ACCEPTING);
  }

  /** Claims the role for a hand-over (monitor only); {@code false} if its connection just ended. */
  boolean beginHandOver() {
    return state.compareAndSet(SERVING, HANDING_OVER);
  }

  /** The new thread has started: this one serves its connection alone and then ends. */
  void handedOver() {
    state.set(DISPLACED);
  }

  /**
   * No thread could be started to take over: the role stays here, and the monitor tries again
   * after another full wait (from {@code now}).
   */
  void handOverFailed(long now) {
    servingSince = now;
    state.set(SERVING);
  }

  /** The connection this role's thread serves, or {@code null} while it accepts. */
  ConnectionHandler serving() {
    return serving;
  }
}
