package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.Limits;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections kept open between requests wait in the server's pollers, holding no thread, and the
 * thread that selects serves their requests: each case first has a connection answered once, so
 * that it waits in a poller (and is non-blocking from then on), then does what a client may do next.
 */
class KeptOpenConnectionsTest {
  private static final String GET = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n";

  @TempDir Path dir;

  @Test
  void keptOpenConnections_waitBetweenRequestsWithoutAThreadEach_7_3_2() throws Exception {
    Path sock = dir.resolve("t.sock");
    try (CtlsockServer server = TestServers.start(sock)) {
      long before = threadCount();
      List<RawConnection> open = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) {
          RawConnection c = RawConnection.open(sock);
          open.add(c);
          assertThat(c.exchange(GET).status()).isEqualTo(200);
        }
        assertThat(Deadline.await(Duration.ofSeconds(5), () -> server.busyConnectionCount() == 0))
            .as("all 200 connections answered and idle").isTrue();
        long added = threadCount() - before;
        assertThat(added)
            .as("threads this process gained while 200 answered connections stay open (one each would be 200)")
            .isLessThan(50);
        // and each of them is still served
        for (RawConnection c : open) {
          assertThat(c.exchange(GET).status()).isEqualTo(200);
        }
      } finally {
        closeAll(open);
      }
    }
  }

  @Test
  void aLongCommandOnAKeptOpenConnection_doesNotDelayTheOthers_7_4_1() throws Exception {
    Path sock = dir.resolve("s.sock");
    try (CtlsockServer server = TestServers.start(sock, b -> b.gracePeriod(Duration.ZERO))) {
      List<RawConnection> others = new ArrayList<>();
      try (RawConnection slow = RawConnection.open(sock)) {
        assertThat(slow.exchange(GET).status()).isEqualTo(200);
        // More connections than the server has pollers (at most 8): some wait in the slow one's.
        for (int i = 0; i < 16; i++) {
          RawConnection c = RawConnection.open(sock);
          others.add(c);
          assertThat(c.exchange(GET).status()).isEqualTo(200);
        }
        slow.send("POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[60000]");
        assertThat(Deadline.await(Duration.ofSeconds(5), () -> server.busyConnectionCount() == 1))
            .as("the sleep request reached the server").isTrue();
        for (int i = 0; i < others.size(); i++) {
          assertThat(others.get(i).exchange(GET).status()).as("kept-open connection %d while sleep runs", i).isEqualTo(200);
        }
        assertThat(slow.closedWithin(50)).as("the sleeping request is still in progress").isFalse();
      } finally {
        closeAll(others);
      }
    }
  }

  @Test
  void requestsPipelinedOnAKeptOpenConnection_areAllAnswered() throws Exception {
    Path sock = dir.resolve("p.sock");
    try (CtlsockServer server = TestServers.start(sock); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange(GET).status()).isEqualTo(200);
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[1]"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[2]"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[3]");
      assertThat(c.read().text()).isEqualTo("[1]");
      assertThat(c.read().text()).as("the second request, read with the first").isEqualTo("[2]");
      assertThat(c.read().text()).as("the third request, read with the first").isEqualTo("[3]");
    }
  }

  @Test
  void aRequestArrivingInPiecesOnAKeptOpenConnection_isAnswered() throws Exception {
    Path sock = dir.resolve("r.sock");
    try (CtlsockServer server = TestServers.start(sock); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange(GET).status()).isEqualTo(200);
      c.send("POST /echo HTTP/1.1\r\nHo");
      assertThat(Deadline.await(Duration.ofSeconds(5), () -> server.busyConnectionCount() == 1))
          .as("the first piece reached the server").isTrue();
      c.send("st: x\r\nContent-Length: 5\r\n\r\n[");
      c.send("\"a\"]");
      HttpResponse r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("[\"a\"]");
    }
  }

  @Test
  void aRequestArrivingTooSlowlyOnAKeptOpenConnection_isAnswered408_7_3_1() throws Exception {
    Path sock = dir.resolve("q.sock");
    Limits limits = Limits.DEFAULTS.withReadTimeout(Duration.ofMillis(300));
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits)); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange(GET).status()).isEqualTo(200);
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\n");
      assertThat(c.read().status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
      assertThat(Deadline.await(Duration.ofSeconds(5), () -> server.connectionCount() == 0))
          .as("the connection is no longer counted").isTrue();
    }
  }

  @Test
  void aKeptOpenConnectionPastTheIdleTimeout_isClosedAndNoLongerCounted_7_3_1() throws Exception {
    Path sock = dir.resolve("i.sock");
    Limits limits = Limits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300));
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits)); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange(GET).status()).isEqualTo(200);
      assertThat(c.closedByServer()).as("closed by the idle timeout").isTrue();
      assertThat(Deadline.await(Duration.ofSeconds(5), () -> server.connectionCount() == 0))
          .as("the closed connection is no longer counted (it would hold a place under the cap)").isTrue();
    }
  }

  @Test
  void aKeptOpenConnectionWhoseClientStopsReading_isClosedAtTheWriteTimeout_7_3_1() throws Exception {
    Path sock = dir.resolve("w.sock");
    Limits limits = Limits.DEFAULTS.withWriteTimeout(Duration.ofMillis(300));
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits)); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange(GET).status()).isEqualTo(200);
      // An answer far larger than the socket's buffers, which the client never reads.
      String element = "\"" + "x".repeat(1000) + "\"";
      String body = "[" + String.join(",", java.util.Collections.nCopies(900, element)) + "]";
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(Deadline.await(Duration.ofSeconds(10), () -> server.connectionCount() == 0))
          .as("the connection whose answer was never taken is closed and no longer counted").isTrue();
    }
  }

  @Test
  void closeEndsConnectionsWaitingInThePollers_3_4_1() throws Exception {
    Path sock = dir.resolve("c.sock");
    CtlsockServer server = TestServers.start(sock);
    List<RawConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        RawConnection c = RawConnection.open(sock);
        open.add(c);
        assertThat(c.exchange(GET).status()).isEqualTo(200);
      }
      server.close();
      for (RawConnection c : open) {
        assertThat(c.closedByServer()).as("a waiting connection is closed at shutdown").isTrue();
      }
      assertThat(server.connectionCount()).isZero();
    } finally {
      server.close();
      closeAll(open);
    }
  }

  private static void closeAll(List<RawConnection> connections) throws IOException {
    for (RawConnection c : connections) {
      c.close();
    }
  }

  /** The threads of this process, as the kernel counts them. */
  private static long threadCount() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks.count();
    }
  }
}
