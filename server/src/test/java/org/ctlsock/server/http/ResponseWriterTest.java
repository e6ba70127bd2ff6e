package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ResponseWriter formats heads by hand: the fields, their order, HEAD without a body, one write for
 * a small response, and no way for a value an application chose to end a line early.
 */
class ResponseWriterTest {
  /** Keeps every write apart, to count them. */
  private static final class Writes extends OutputStream {
    final List<byte[]> writes = new ArrayList<>();

    @Override
    public void write(int b) {
      writes.add(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    String all() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writes.forEach(out::writeBytes);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aSmallResponseIsOneWriteWithItsFieldsInOrder() throws Exception {
    Writes out = new Writes();
    new ResponseWriter(out).write(Response.json("[\"a\",1]".getBytes(StandardCharsets.UTF_8)), false, true, false);
    assertThat(out.writes).hasSize(1);
    assertThat(out.all())
        .matches("HTTP/1\\.1 200 OK\r\nDate: [A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT\r\n"
            + "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n\\[\"a\",1\\]");
  }

  @Test
  void headKeepsTheLengthAndLeavesTheBodyOut() throws Exception {
    Writes out = new Writes();
    new ResponseWriter(out).write(Response.text(404, "no such command\n"), true, false, false);
    assertThat(out.all()).startsWith("HTTP/1.1 404 Not Found\r\n")
        .contains("\r\nContent-Length: 16\r\n").endsWith("\r\nConnection: close\r\n\r\n");
  }

  @Test
  void allowAndKeepAliveForHttp10() throws Exception {
    Writes out = new Writes();
    new ResponseWriter(out).write(Response.methodNotAllowed("PUT", "echo", "GET, HEAD, POST"), false, true, true);
    assertThat(out.all()).contains("\r\nAllow: GET, HEAD, POST\r\nConnection: keep-alive\r\n\r\nmethod PUT");
  }

  @Test
  void aValueCannotEndItsLine() throws Exception {
    Writes out = new Writes();
    ResponseWriter writer = new ResponseWriter(out);
    writer.write(Response.of(200, "text/plain\r\nX-Injected: 1\u00e9", new byte[0]), false, true, false);
    assertThat(out.all()).contains("\r\nContent-Type: text/plain??X-Injected: 1?\r\n").doesNotContain("\r\nX-Injected");
  }

  @Test
  void aLargeBodyFollowsItsHeadInASecondWrite() throws Exception {
    Writes out = new Writes();
    byte[] body = new byte[40_000];
    new ResponseWriter(out).write(Response.of(200, Response.JSON, body), false, true, false);
    assertThat(out.writes).hasSize(2);
    assertThat(out.writes.get(1)).hasSize(40_000);
    assertThat(out.all()).contains("Content-Length: 40000\r\n\r\n");
  }
}
