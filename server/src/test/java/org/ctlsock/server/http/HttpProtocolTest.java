package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec section 4 and the size limits of 7.1 and 7.2, byte by byte on a real socket. */
class HttpProtocolTest {
  @TempDir static Path dir;
  static Path sock;
  static CtlsockServer server;

  @BeforeAll
  static void start() throws Exception {
    sock = dir.resolve("http.sock");
    server = TestServers.start(sock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawConnection connect() throws Exception {
    return RawConnection.open(sock);
  }

  @Test
  void http11_isAnsweredWithHttp11AndStaysOpen_4_1_1_4_2_1() throws Exception {
    try (RawConnection c = connect()) {
      for (int i = 0; i < 3; i++) {
        HttpResponse r = c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
        assertThat(r.text()).isEqualTo("[]");
        assertThat(r.header("Connection")).isNull();
      }
      assertThat(c.closedWithin(200)).as("still open").isFalse();
    }
  }

  @Test
  void http10_isAnsweredAndClosed_unlessKeepAlive_4_1_2() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("GET /echo HTTP/1.0\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
      assertThat(c.exchange("GET /nothing HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").text()).isEqualTo("Success");
    }
  }

  @Test
  void anyHostIsAccepted_4_1_3() throws Exception {
    try (RawConnection c = connect()) {
      for (String host : new String[] {"x", "localhost", "localhost:80", "unix", "127.0.0.1", "[::1]", "%2Ftmp%2Fctl.sock"}) {
        HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 5\r\n\r\n[\"h\"]");
        assertThat(r.text()).as("Host %s", host).isEqualTo("[\"h\"]");
      }
    }
  }

  @Test
  void connectionClose_closesAfterTheResponse_4_2_3() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequests_areAnsweredInOrder_4_2_4() throws Exception {
    try (RawConnection c = connect()) {
      StringBuilder requests = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        String body = "[" + i + "]";
        requests.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        requests.append("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      c.send(requests.toString());
      for (int i = 0; i < 20; i++) {
        assertThat(c.read().text()).isEqualTo("[" + i + "]");
        HttpResponse head = c.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("2");
      }
    }
  }

  @Test
  void chunkedBody_isReadLikeContentLength_4_3_1() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[\"a\"\r\n3\r\n,1]\r\n0\r\nX-Trailer: t\r\n\r\n");
      assertThat(r.text()).isEqualTo("[\"a\",1]");
      assertThat(c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").text())
          .as("an empty chunked body is no arguments (5.3.1)").isEqualTo("[]");
    }
  }

  @Test
  void expectContinue_isAnsweredWith100BeforeTheBodyIsSent_4_3_2() throws Exception {
    try (RawConnection c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      HttpResponse interim = c.read(true);
      assertThat(interim.status()).isEqualTo(100);
      c.send("[\"b\"]");
      assertThat(c.read().text()).isEqualTo("[\"b\"]");
    }
  }

  @Test
  void expectContinue_forAnUnknownCommand_isAnsweredDirectlyAndClosed_4_3_2() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      // Clients such as HttpCore send the body anyway after a final status: the close lingers so
      // that this write succeeds instead of failing with EPIPE.
      c.send("[1,2]");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void invalidFraming_is400Or501AndCloses_4_3_4() throws Exception {
    String[][] cases = {
      {"Content-Length: abc\r\n", "400"},
      {"Content-Length: -1\r\n", "400"},
      {"Content-Length: 3\r\nContent-Length: 4\r\n", "400"},
      {"Content-Length: 3, 4\r\n", "400"},
      {"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "400"},
      {"Transfer-Encoding: gzip\r\n", "501"},
      {"Transfer-Encoding: chunked, gzip\r\n", "400"},
    };
    for (String[] tc : cases) {
      try (RawConnection c = connect()) {
        HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\n" + tc[0] + "\r\n[1]");
        assertThat(r.status()).as("framing %s", tc[0].trim()).isEqualTo(Integer.parseInt(tc[1]));
        assertThat(r.text()).isNotBlank();
        assertThat(c.closedByServer()).as("closed after %s", tc[0].trim()).isTrue();
      }
    }
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[1]\r\n0\r\n\r\n");
      assertThat(r.status()).as("bad chunk size").isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedHeads_are400AndNeverAffectOthers_4_3_5() throws Exception {
    String[] heads = {
      "GET /echo\r\n\r\n",
      "GET  /echo HTTP/1.1\r\n\r\n",
      "GET /echo HTTP/1.1\r\nHost x\r\n\r\n",
      "GET /echo HTTP/1.1\r\nHost: a\u0000b\r\n\r\n",
      "GET /echo HTTP/1.1\r\nX-A: a\u0001b\r\n\r\n",
      "G\u0000T /echo HTTP/1.1\r\n\r\n",
      "GET /echo HTTP/2.0\r\n\r\n",
      "\u0016\u0003\u0001\u0002\u0000garbage\r\n\r\n",
      "GET /echo HTTP/1.1\r\nBad Name: v\r\n\r\n",
    };
    for (String head : heads) {
      try (RawConnection c = connect()) {
        c.send(head);
        HttpResponse r = c.read();
        assertThat(r.status()).as("for %s", head.replace("\r\n", "\\r\\n")).isEqualTo(400);
        assertThat(r.text()).isNotBlank();
      }
    }
    try (RawConnection c = connect()) {
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).as("the server still serves").isEqualTo(200);
    }
  }

  @Test
  void headIsGetWithoutBody_andTheConnectionStaysUsable_5_2_3() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse get = c.exchange("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
      HttpResponse head = c.exchange("HEAD /fail HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head.status()).isEqualTo(get.status()).isEqualTo(500);
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
      assertThat(head.body()).isEmpty();
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[]");
    }
  }

  @Test
  void requestLineAndHeadOfTheMinimumSizes_areAccepted_7_1_1() throws Exception {
    try (RawConnection c = connect()) {
      String target = "/echo?" + "q".repeat(4096 - "GET  HTTP/1.1".length() - 6);
      String line = "GET " + target + " HTTP/1.1";
      assertThat(line).hasSize(4096);
      assertThat(c.exchange(line + "\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      StringBuilder head = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
      int n = 0;
      while (8192 - 2 - head.length() > 300) {
        String name = String.format("X-F%04d: ", n++);
        head.append(name).append("v".repeat(100 - name.length() - 2)).append("\r\n");
      }
      int last = 8192 - 2 - head.length() - "X-Last: \r\n".length();
      head.append("X-Last: ").append("w".repeat(last)).append("\r\n");
      assertThat(head.length() + 2).isEqualTo(8192);
      assertThat(c.exchange(head + "\r\n").status()).isEqualTo(200);
    }
  }

  @Test
  void overlongRequestLine_is414WithoutWaitingForTheRest_7_1_2_7_1_4() throws Exception {
    try (RawConnection c = connect()) {
      c.send("GET /" + "a".repeat(70_000)); // no end of line: the server must not wait for one
      HttpResponse r = c.read();
      assertThat(r.status()).isEqualTo(414);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void overlongHeaderSection_is431_7_1_3() throws Exception {
    try (RawConnection c = connect()) {
      StringBuilder head = new StringBuilder("GET /echo HTTP/1.1\r\n");
      for (int i = 0; i < 70; i++) {
        head.append("X-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
      }
      c.send(head.toString()); // the head never ends
      assertThat(c.read().status()).isEqualTo(431);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void overlongHeaderLineAndRequestLine_areRefusedWhileTheyArrive() throws Exception {
    try (RawConnection c = connect()) {
      c.send("GET /echo HTTP/1.1\r\nX-Long: " + "v".repeat(20_000)); // no end of line
      assertThat(c.read().status()).isEqualTo(431);
    }
    try (RawConnection c = connect()) {
      c.send("GET /" + "a".repeat(20_000)); // over the 16384-byte default, no end of line
      assertThat(c.read().status()).isEqualTo(414);
    }
  }

  @Test
  void moreThan1000HeaderFields_is431_but1000Pass_7_1_3() throws Exception {
    StringBuilder thousand = new StringBuilder("GET /echo HTTP/1.1\r\n");
    for (int i = 0; i < 1000; i++) {
      thousand.append("X-").append(i).append(": v\r\n");
    }
    try (RawConnection c = connect()) {
      assertThat(c.exchange(thousand + "\r\n").status()).isEqualTo(200);
    }
    try (RawConnection c = connect()) {
      assertThat(c.exchange(thousand + "X-1000: v\r\n\r\n").status()).isEqualTo(431);
    }
  }

  @Test
  void bodyOf1MiB_isAccepted_7_2_1() throws Exception {
    String item = "\"" + "b".repeat(1020) + "\"";
    StringBuilder body = new StringBuilder("[");
    while (body.length() + item.length() + 2 < 1048576) {
      body.append(body.length() > 1 ? "," : "").append(item);
    }
    body.append("]");
    while (body.length() < 1048576) {
      body.insert(0, ' ');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
    assertThat(bytes).hasSize(1048576);
    try (RawConnection c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + bytes.length + "\r\n\r\n");
      c.send(bytes);
      HttpResponse r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo(body.toString().trim());
    }
  }

  @Test
  void announcedBodyOver16MiB_is413AsSoonAsTheHeadIsRead_7_2_2() throws Exception {
    try (RawConnection c = connect()) {
      // No body is sent: the answer must come from the head alone.
      HttpResponse r = c.exchange("POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 16777217\r\n\r\n");
      assertThat(r.status()).isEqualTo(413);
    }
  }

  @Test
  void chunkedBodyOver16MiB_is413() throws Exception {
    try (RawConnection c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      byte[] chunk = ("100000\r\n" + " ".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      HttpResponse r = null;
      try {
        for (int i = 0; i < 17; i++) {
          c.send(chunk);
        }
      } catch (java.io.IOException e) {
        // the server may stop reading once it has answered
      }
      r = c.read();
      assertThat(r.status()).isEqualTo(413);
    }
  }

  @Test
  void absoluteFormTarget_namesTheCommandByItsPath_5_1_3() throws Exception {
    try (RawConnection c = connect()) {
      HttpResponse r = c.exchange("POST http://localhost:80/echo?ignored=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[7]");
      assertThat(r.text()).isEqualTo("[7]");
    }
  }

  @Test
  void everyResponseIsFramedByContentLength_4_2_2() throws Exception {
    try (RawConnection c = connect()) {
      for (String request : new String[] {"GET /nothing", "GET /fail", "GET /nope", "PUT /echo", "GET /text", "GET /value"}) {
        HttpResponse r = c.exchange(request + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.header("Content-Length")).as(request).isEqualTo(String.valueOf(r.body().length));
      }
    }
  }
}
