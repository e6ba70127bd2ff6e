package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accept roles: a connection that keeps a role's thread busy gives the role up (so the one
 * accepting thread of a lightly loaded server is never the only way in), and the spare policy
 * wakes and retires roles on streaks of accepts without ever leaving none accepting.
 */
class AcceptRolesTest {
  private static final long QUICK = TimeUnit.MICROSECONDS.toNanos(1);
  private static final long WAITED = TimeUnit.MILLISECONDS.toNanos(5);

  @TempDir Path dir;

  @Test
  void aConnectionThatNeverPausesBetweenRequests_doesNotKeepANewClientWaiting_4_2_5() throws Exception {
    Path sock = dir.resolve("r.sock");
    try (CtlsockServer server = TestServers.start(sock)) {
      AtomicBoolean freshAnswered = new AtomicBoolean();
      AtomicInteger hogRequests = new AtomicInteger();
      CountDownLatch hogServed = new CountDownLatch(1);
      Thread hog =
          new Thread(
              () -> {
                // Back to back on one connection, until the fresh client is answered (or 20 s pass):
                // the thread that accepted this connection is never idle between its requests.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try (RawConnection c = RawConnection.open(sock)) {
                  while (!freshAnswered.get() && System.nanoTime() - deadline < 0) {
                    if (c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status() == 200) {
                      hogRequests.incrementAndGet();
                      hogServed.countDown();
                    }
                  }
                } catch (Exception e) {
                  hogServed.countDown();
                }
              });
      hog.start();
      try {
        assertThat(hogServed.await(10, TimeUnit.SECONDS)).as("the busy connection was served").isTrue();
        assertThat(hogRequests.get()).as("the busy connection's first answer").isPositive();
        try (RawConnection fresh = RawConnection.open(sock)) {
          HttpResponse r = fresh.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(hog.isAlive()).as("the busy connection was still sending when the new client was answered").isTrue();
          assertThat(r.status()).isEqualTo(200);
        }
      } finally {
        freshAnswered.set(true);
        hog.join(30_000);
      }
    }
  }

  @Test
  void quickAcceptsInARow_wakeASpare_andOneThatWaitedBreaksTheStreak() throws Exception {
    AcceptRoles roles = new AcceptRoles();
    AcceptRole active = new AcceptRole(Thread.currentThread(), false);
    roles.add(active);
    Thread spareThread = new Thread(() -> {});
    AcceptRole spare = new AcceptRole(spareThread, true);
    roles.add(spare);

    for (int i = 1; i < AcceptRoles.STREAK; i++) {
      roles.accepted(active, QUICK);
    }
    roles.accepted(active, WAITED);
    roles.accepted(active, QUICK);
    assertThat(spare.isSpare()).as("a broken streak wakes nothing").isTrue();

    for (int i = 1; i < AcceptRoles.STREAK; i++) {
      roles.accepted(active, QUICK);
    }
    assertThat(spare.isSpare()).isFalse();
    assertThat(spare.isAccepting()).isTrue();
  }

  @Test
  void waitedAcceptsInARow_retireARole_butNeverTheLastOneAccepting() {
    AcceptRoles roles = new AcceptRoles();
    AcceptRole first = new AcceptRole(Thread.currentThread(), false);
    AcceptRole second = new AcceptRole(new Thread(() -> {}), true);
    roles.add(first);
    roles.add(second);
    acceptQuicklyInARow(roles, first); // wakes the second: two accepting
    assertThat(second.isAccepting()).isTrue();

    for (int i = 1; i < AcceptRoles.STREAK; i++) {
      assertThat(roles.accepted(first, WAITED)).isFalse();
    }
    assertThat(roles.accepted(first, WAITED)).as("the %dth wait in a row", AcceptRoles.STREAK).isTrue();
    assertThat(roles.tryRetire(first)).isTrue();
    assertThat(first.isSpare()).isTrue();

    for (int i = 1; i < AcceptRoles.STREAK; i++) {
      roles.accepted(second, WAITED);
    }
    assertThat(roles.accepted(second, WAITED)).isTrue();
    assertThat(roles.tryRetire(second)).as("the last role accepting stays").isFalse();
    assertThat(second.isAccepting()).isTrue();
  }

  @Test
  void twoRolesRetiringAtOnce_leaveOneAccepting() throws Exception {
    for (int round = 0; round < 500; round++) {
      AcceptRoles roles = new AcceptRoles();
      AcceptRole a = new AcceptRole(Thread.currentThread(), false);
      AcceptRole b = new AcceptRole(new Thread(() -> {}), true);
      roles.add(a);
      roles.add(b);
      acceptQuicklyInARow(roles, a);
      CountDownLatch go = new CountDownLatch(1);
      Thread other = new Thread(() -> {
        awaitQuietly(go);
        roles.tryRetire(b);
      });
      other.start();
      go.countDown();
      roles.tryRetire(a);
      other.join(10_000);
      assertThat(a.isSpare() && b.isSpare()).as("round %d: both roles became spares", round).isFalse();
      assertThat(a.isSpare() || b.isSpare()).as("round %d: one of two roles retired", round).isTrue();
    }
  }

  @Test
  void aSpareThreadParksUntilWoken() throws Exception {
    AcceptRoles roles = new AcceptRoles();
    AcceptRole active = new AcceptRole(Thread.currentThread(), false);
    roles.add(active);
    CountDownLatch registered = new CountDownLatch(1);
    AtomicBoolean woke = new AtomicBoolean();
    AcceptRole[] spare = new AcceptRole[1];
    Thread spareThread =
        new Thread(
            () -> {
              spare[0] = new AcceptRole(Thread.currentThread(), true);
              roles.add(spare[0]);
              registered.countDown();
              while (spare[0].isSpare()) {
                LockSupport.park(this);
              }
              woke.set(true);
            });
    spareThread.start();
    assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
    acceptQuicklyInARow(roles, active);
    spareThread.join(10_000);
    assertThat(woke).as("the spare's thread was unparked and saw it accepts").isTrue();
  }

  @Test
  void aPollerRoleHandedOverMidBatch_passesOnTheConnectionsItHasNotReached() {
    AcceptRole role = new AcceptRole(Thread.currentThread(), false, null);
    assertThat(role.batchNotReached()).as("no batch yet").isEmpty();
    java.util.List<Object> batch = java.util.List.of("a", "b", "c", "d");
    role.servingFromBatch(batch, 1); // serving "b"
    assertThat(role.batchNotReached()).containsExactly("c", "d");
    role.servingFromBatch(batch, 3);
    assertThat(role.batchNotReached()).as("serving the last one").isEmpty();
  }

  /** A streak of quick accepts by {@code role}: enough to wake a spare. */
  private static void acceptQuicklyInARow(AcceptRoles roles, AcceptRole role) {
    for (int i = 0; i < AcceptRoles.STREAK; i++) {
      roles.accepted(role, QUICK);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
