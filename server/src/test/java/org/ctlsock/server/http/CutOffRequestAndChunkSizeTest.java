package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the client cut off by half-closing its side (4.3.5, 6.3.3), and chunk sizes that are
 * not 1*HEXDIG (4.3.4), byte by byte on a real socket. {@code /fail} answers 500 when it runs, so
 * a 500 here means a command ran on a request that never fully arrived.
 */
class CutOffRequestAndChunkSizeTest {
  @TempDir static Path dir;
  static Path sock;
  static CtlsockServer server;

  @BeforeAll
  static void start() throws Exception {
    sock = dir.resolve("cut.sock");
    server = TestServers.start(sock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends {@code bytes}, half-closes, and returns the one response (null when the server just closed). */
  private static HttpResponse sendAndHalfClose(String bytes) throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      c.send(bytes);
      c.shutdownOutput();
      HttpResponse r;
      try {
        r = c.read();
      } catch (IOException e) {
        assertThat(e).as("no response at all for %s", shown(bytes)).hasMessageContaining("connection closed before a response");
        return null;
      }
      assertThat(c.closedByServer()).as("closed after the answer to %s", shown(bytes)).isTrue();
      return r;
    }
  }

  private static String shown(String bytes) {
    return bytes.replace("\r", "\\r").replace("\n", "\\n");
  }

  @Test
  void aCompleteHeadBeforeTheHalfClose_isStillServed() throws Exception {
    // The control case: a half-close after the empty line does not make a request incomplete.
    HttpResponse r = sendAndHalfClose("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("[]");
    HttpResponse posted = sendAndHalfClose("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n[\"p\"]");
    assertThat(posted.text()).isEqualTo("[\"p\"]");
  }

  @Test
  void aHeadCutOffBeforeItsEmptyLine_is400AndNothingRuns_4_3_5_6_3_3() throws Exception {
    String[] cutOff = {
      "GET /fail HTTP/1.1\r\n",
      "GET /fail HTTP/1.1",
      "GET /fail HTTP/1.1\r\nHost: x\r\n",
      "GET /fail HTTP/1.1\r\nHost: x\r\nAccept: */",
      "GET /fail HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n",
      "GET /fail HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r",
      "GET /fail HTTP/1.1\nHost: x\n",
      "POST /fail HTTP/1.1\r\n",
      "POST /fail HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n",
      "POST /fail HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chun",
    };
    for (String bytes : cutOff) {
      HttpResponse r = sendAndHalfClose(bytes);
      assertThat(r).as("an answer to the cut-off head %s", shown(bytes)).isNotNull();
      assertThat(r.status()).as("spec 4.3.5/6.3.3: a head cut off at %s is not a request; got:\n%s", shown(bytes), r).isEqualTo(400);
      assertThat(r.text()).contains("incomplete request head");
    }
  }

  @Test
  void aChunkedBodyCutOffBeforeItsEnd_closesAndNothingRuns_4_3_5() throws Exception {
    String head = "POST /fail HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n[\"ran\"]\r\n";
    for (String rest : new String[] {"0", "0\r\n", "0\r\nX-Trailer: t\r\n", "0\r\n\r", "\r"}) {
      HttpResponse r = sendAndHalfClose(head + rest);
      assertThat(r).as("the body cut off at %s must not run /fail; got:\n%s", shown(rest), r).isNull();
    }
  }

  @Test
  void chunkSizesThatAreNotHexDigits_are400AndNothingRuns_4_3_4() throws Exception {
    String[] badSizes = {"+7", " 7", "\t7", "0x7", "-1", "", "7 x", "7\u00007", "10000000000000000", "8000000000000000", "\uff17"};
    for (String size : badSizes) {
      try (RawConnection c = RawConnection.open(sock)) {
        String request = "POST /fail HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n[\"ran\"]\r\n0\r\n\r\n";
        HttpResponse r = c.exchange(request);
        assertThat(r.status()).as("RFC 9112 7.1 chunk-size = 1*HEXDIG; size %s; got:\n%s", shown(size), r).isEqualTo(400);
        assertThat(r.text()).contains("chunk");
        assertThat(c.closedByServer()).as("closed after the bad size %s", shown(size)).isTrue();
      }
    }
  }

  @Test
  void chunkSizesWithExtensionsOrLeadingZeros_areAccepted_4_3_1() throws Exception {
    String[] goodSizes = {"7", "7;ext=1", "7 ;ext=1", "7;a;b=\"q\"", "07", "0000000000000000007"};
    try (RawConnection c = RawConnection.open(sock)) {
      for (String size : goodSizes) {
        String request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n[\"ran\"]\r\n0\r\n\r\n";
        HttpResponse r = c.exchange(request);
        assertThat(r.status()).as("size %s; got:\n%s", shown(size), r).isEqualTo(200);
        assertThat(r.text()).isEqualTo("[\"ran\"]");
      }
      HttpResponse upper = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n[\"abcdef\"]\r\n0;last\r\n\r\n");
      assertThat(upper.text()).isEqualTo("[\"abcdef\"]");
    }
  }
}
