package org.ctlsock.server.http;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The accept roles now held, and how many of them accept rather than wait as spares.
 *
 * <p>One accepting role is quickest while connections come one at a time: two threads at the
 * listener take turns, and each turn wakes the other one (the JDK lets one thread at a time into
 * {@code accept}), a wake-up and a context switch per connection. More roles are needed only when
 * connections queue up. An accept that returns at once says that they do: one that had to wait for
 * its connection took tens of microseconds at least (measured on a 2-core host, one accepting role:
 * with one client, 97 % of accepts took 20 µs or more; with sixteen clients, 95 % took under 10 µs).
 * A slower host moves both, so the line sits between them, at 15 µs. So a role that
 * sees {@value #STREAK} quick accepts in a row wakes a spare, and a role that sees {@value #STREAK}
 * waits in a row becomes a spare, unless it is the last role accepting.
 */
final class AcceptRoles implements Iterable<AcceptRole> {
  static final int STREAK = 8;
  private static final long QUICK_ACCEPT_NANOS = TimeUnit.MICROSECONDS.toNanos(15);

  private final Set<AcceptRole> roles = ConcurrentHashMap.newKeySet();
  /** Roles that are not spares: one at the start, never fewer. */
  private final AtomicInteger accepting = new AtomicInteger(1);

  void add(AcceptRole role) {
    roles.add(role);
  }

  void remove(AcceptRole role) {
    roles.remove(role);
  }

  @Override
  public Iterator<AcceptRole> iterator() {
    return roles.iterator();
  }

  /**
   * Notes how long {@code role}'s accept took, waking a spare when connections queue up.
   *
   * @return whether the role should become a spare once it has served this connection
   */
  boolean accepted(AcceptRole role, long acceptNanos) {
    if (acceptNanos < QUICK_ACCEPT_NANOS) {
      if (role.countQuickAccept() >= STREAK) {
        role.resetStreaks();
        wakeSpare();
      }
      return false;
    }
    if (role.countWaitedAccept() >= STREAK) {
      role.resetStreaks();
      return true;
    }
    return false;
  }

  /** Makes {@code role} a spare unless it is the last role accepting; whether it did. */
  boolean tryRetire(AcceptRole role) {
    while (true) {
      int n = accepting.get();
      if (n <= 1) {
        return false;
      }
      // Counted down first, so that two roles retiring at once cannot leave none accepting.
      if (accepting.compareAndSet(n, n - 1)) {
        role.becomeSpare();
        return true;
      }
    }
  }

  private void wakeSpare() {
    for (AcceptRole role : roles) {
      if (role.wake()) {
        accepting.incrementAndGet();
        LockSupport.unpark(role.thread());
        return;
      }
    }
  }

  /** Wakes every spare, so that its thread sees the shutdown and ends. */
  void wakeAllSpares() {
    for (AcceptRole role : roles) {
      if (role.isSpare()) {
        LockSupport.unpark(role.thread());
      }
    }
  }
}
