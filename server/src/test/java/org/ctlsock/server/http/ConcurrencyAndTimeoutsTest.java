package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.Limits;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec 4.2.5, 7.3 and 7.4: slow, silent and busy clients never lock the others out. */
class ConcurrencyAndTimeoutsTest {
  @TempDir Path dir;

  @Test
  void hundredsOfIdleAndTricklingConnections_doNotStopANewClient_7_3_2_4_2_5() throws Exception {
    Path sock = dir.resolve("c.sock");
    try (CtlsockServer server = TestServers.start(sock)) {
      List<RawConnection> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          RawConnection c = RawConnection.open(sock);
          if (i % 2 == 0) {
            c.send("POST /echo HTTP/1.1\r\nHo"); // a request that trickles in and stops
          }
          idle.add(c);
        }
        try (RawConnection fresh = RawConnection.open(sock)) {
          HttpResponse r = fresh.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(r.status()).isEqualTo(200);
        }
        // the trickling ones finish their requests and are answered too
        RawConnection trickler = idle.get(0);
        trickler.send("st: x\r\nContent-Length: 3\r\n\r\n[5]");
        assertThat(trickler.read().text()).isEqualTo("[5]");
      } finally {
        for (RawConnection c : idle) {
          c.close();
        }
      }
    }
  }

  @Test
  void aLongCommandDoesNotDelayOtherConnections_7_4_1() throws Exception {
    Path sock = dir.resolve("s.sock");
    try (CtlsockServer server = TestServers.start(sock, b -> b.gracePeriod(Duration.ZERO))) {
      try (RawConnection slow = RawConnection.open(sock); RawConnection quick = RawConnection.open(sock)) {
        slow.send("POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[60000]");
        // While sleep runs, other connections are answered (no timing bound: the sleep outlasts the test).
        for (int i = 0; i < 5; i++) {
          assertThat(quick.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
        }
        assertThat(slow.closedWithin(50)).as("the sleeping request is still in progress").isFalse();
      }
    }
  }

  @Test
  void sixtyFourConnectionsWithRequestsInProgressAtOnce_7_4_2() throws Exception {
    Path sock = dir.resolve("p.sock");
    int clients = 64;
    try (CtlsockServer server = TestServers.start(sock)) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        CountDownLatch allSent = new CountDownLatch(clients);
        List<Future<HttpResponse>> answers = new ArrayList<>();
        List<RawConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          connections.add(RawConnection.open(sock));
        }
        // Each request is held at the server until all 64 are in: "sleep" of 300 ms per request
        // with all sent before any could finish would be timing-based; instead, every body arrives
        // only after every connection has sent its head, so all 64 are in progress together.
        for (RawConnection c : connections) {
          c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n");
        }
        for (int i = 0; i < clients; i++) {
          RawConnection c = connections.get(i);
          int n = i;
          answers.add(
              pool.submit(
                  () -> {
                    allSent.countDown();
                    allSent.await();
                    c.send(String.format("[\"%02d\"]", n));
                    return c.read();
                  }));
        }
        for (int i = 0; i < clients; i++) {
          assertThat(answers.get(i).get(20, TimeUnit.SECONDS).text()).isEqualTo(String.format("[\"%02d\"]", i));
        }
        for (RawConnection c : connections) {
          c.close();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void idleConnection_isClosedAfterTheIdleTimeout_7_3_1() throws Exception {
    Path sock = dir.resolve("i.sock");
    Limits limits = Limits.DEFAULTS.withIdleTimeout(Duration.ofMillis(300));
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits)); RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      assertThat(c.closedByServer()).as("closed by the idle timeout").isTrue();
    }
  }

  @Test
  void requestArrivingTooSlowly_isAnswered408_7_3_1() throws Exception {
    Path sock = dir.resolve("r.sock");
    Limits limits = Limits.DEFAULTS.withReadTimeout(Duration.ofMillis(300));
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits)); RawConnection c = RawConnection.open(sock)) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\n");
      HttpResponse r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void connectionsOverTheCap_get503_andTheServerRecovers() throws Exception {
    Path sock = dir.resolve("m.sock");
    Limits limits = Limits.DEFAULTS.withMaxConnections(2);
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits))) {
      RawConnection a = RawConnection.open(sock);
      RawConnection b = RawConnection.open(sock);
      assertThat(a.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      assertThat(b.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      try (RawConnection third = RawConnection.open(sock)) {
        assertThat(third.read().status()).isEqualTo(503);
      }
      a.close();
      b.close();
      org.ctlsock.server.testing.Deadline.await(Duration.ofSeconds(10), () -> server.connectionCount() == 0);
      try (RawConnection again = RawConnection.open(sock)) {
        assertThat(again.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void bodiesOverTheMemoryBudget_get503_smallOnesAreServed() throws Exception {
    Path sock = dir.resolve("b.sock");
    // three open connections, and 150000 bytes for requests
    Limits limits = Limits.DEFAULTS.withBodyMemoryBudget(3 * MemoryReservation.CONNECTION_BYTES + 150_000);
    try (CtlsockServer server = TestServers.start(sock, b -> b.limits(limits));
        RawConnection first = RawConnection.open(sock);
        RawConnection second = RawConnection.open(sock);
        RawConnection small = RawConnection.open(sock)) {
      // 100 Continue is sent once the body's memory is reserved: from then on the first holds it.
      first.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
      assertThat(first.read(true).status()).isEqualTo(100);
      first.send("[");
      HttpResponse refused = second.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
      assertThat(refused.status()).as("second large body while the first holds the budget").isEqualTo(503);
      assertThat(small.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[1]").text()).isEqualTo("[1]");
      assertThat(small.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[2]").text())
          .as("a small body on a kept-open connection: its memory was given back after the first").isEqualTo("[2]");
      // Parsed and answered, the first body would cost about three times its size: more than the
      // budget, so it is refused before it is parsed (7.5.2).
      first.send(" ".repeat(100000 - 2) + "]");
      HttpResponse whole = first.read();
      assertThat(whole.status()).as("a body whose parsed cost exceeds the budget").isEqualTo(503);
    }
  }

  @Test
  void closeLetsTheRequestInProgressFinish_3_4_1() throws Exception {
    Path sock = dir.resolve("g.sock");
    CtlsockServer server = TestServers.start(sock);
    try (RawConnection c = RawConnection.open(sock); RawConnection idle = RawConnection.open(sock)) {
      assertThat(idle.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      // The answer can reach the client before its connection is idle again on the server's side; until then
      // it would count as the busy one below, and the sleep request (not yet read) would be closed as idle.
      assertThat(org.ctlsock.server.testing.Deadline.await(Duration.ofSeconds(5), () -> server.busyConnectionCount() == 0))
          .as("the first connection is idle again").isTrue();
      c.send("POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n[300]");
      assertThat(org.ctlsock.server.testing.Deadline.await(Duration.ofSeconds(5), () -> server.busyConnectionCount() == 1))
          .as("the sleep request reached the server").isTrue();
      Thread closer = new Thread(server::close);
      closer.start();
      HttpResponse r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("Success");
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(idle.closedByServer()).as("idle connections are closed at shutdown").isTrue();
      closer.join();
    }
  }
}
