package org.ctlsock.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives an accept role ({@link AcceptRole}) to a new thread when its thread has served one
 * connection for longer than {@link #TAKEOVER_NANOS}: a command's request over a new connection is
 * answered in tens of microseconds, so a role that serves longer has met a slow command, a slow or
 * silent client, or a connection kept open, and the accepting must go on elsewhere (spec 4.2.5,
 * 7.3.2).
 *
 * <p>It ticks every millisecond while some role serves and parks when none has for a while, so
 * an idle server has no timer waking it. A role that starts serving wakes it only when it is
 * parked: under load that is never, and the connections themselves pay for no wake-up.
 *
 * <p>When no thread can be started (a process limit, spec 7.5.1), the role stays with its thread.
 * If that thread is still waiting for its connection's first request, the connection is closed,
 * which 7.5.1 allows, so that the role accepts again; a request in progress is served to its end.
 */
final class TakeoverMonitor {
  static final long TAKEOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int IDLE_TICKS_BEFORE_PARKING = 20;

  /** Starts a thread that takes over the role of {@code displaced}'s kind; throws when none can be started. */
  interface RoleStarter {
    void startRole(AcceptRole displaced);
  }

  private final AcceptRoles roles;
  private final RoleStarter starter;
  private final FaultLog faults = new FaultLog("no thread could take over accepting", false);
  private final Thread thread;
  private volatile boolean parked;
  private volatile boolean stopped;

  TakeoverMonitor(AcceptRoles roles, RoleStarter starter) {
    this.roles = roles;
    this.starter = starter;
    this.thread = new Thread(this::run, "ctlsock-takeover");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  /** A role has started serving: wake the monitor if it is parked (a volatile read otherwise). */
  void roleServing() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  private void run() {
    int idleTicks = 0;
    while (!stopped) {
      if (tick(System.nanoTime())) {
        idleTicks = 0;
      } else if (++idleTicks >= IDLE_TICKS_BEFORE_PARKING) {
        parked = true;
        // Checked again after the flag is set: a role that started serving before this read is
        // seen here, one that starts after it sees the flag and unparks.
        if (!anyServing() && !stopped) {
          LockSupport.park(this);
        }
        parked = false;
        idleTicks = 0;
        continue;
      }
      LockSupport.parkNanos(this, TICK_NANOS);
    }
  }

  private boolean anyServing() {
    for (AcceptRole role : roles) {
      if (role.isServing()) {
        return true;
      }
    }
    return false;
  }

  /** @return whether some role is serving */
  private boolean tick(long now) {
    boolean serving = false;
    long cutoff = now - TAKEOVER_NANOS;
    for (AcceptRole role : roles) {
      if (role.servingSinceBefore(cutoff) && role.beginHandOver()) {
        handOver(role, now);
      }
      serving |= role.isServing();
    }
    return serving;
  }

  /**
   * Gives {@code role} to a new thread now, from the role's own thread, which is about to wait or to
   * run a command known to take long; nothing if the role is not serving (already handed over).
   */
  void handOverNow(AcceptRole role) {
    if (role.beginHandOver()) {
      handOver(role, System.nanoTime());
    }
  }

  private void handOver(AcceptRole role, long now) {
    try {
      starter.startRole(role);
    } catch (Throwable t) { // NOPMD: no thread (OutOfMemoryError: unable to create native thread), or the pool is full
      role.handOverFailed(now);
      faults.failed(t);
      ConnectionHandler handler = role.serving();
      if (handler != null && handler.state().phase() == ConnectionState.Phase.IDLE) {
        handler.abort();
      }
      return;
    }
    ConnectionHandler handler = role.serving();
    if (handler != null && handler.state().phase() == ConnectionState.Phase.RUNNING) {
      handler.commandWasSlow(); // the next time, it runs after a hand-over
    }
    roles.remove(role);
    role.handedOver();
    faults.succeeded();
  }
}
