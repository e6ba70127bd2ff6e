package org.ctlsock.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes this server's responses on one connection: the status line and the few fields it ever
 * sends, formatted straight into bytes, then the body, in a single write when they fit together.
 *
 * <p>Why by hand: HttpCore's response path (a message object, a header list, a line formatter, a
 * char buffer and an output buffer, then the socket write) was a third of the Java CPU a keep-alive
 * request cost the server (JFR, issue 15; BENCHMARKS.md, session 15). The fields are always the same ones, in the same order: {@code Date},
 * {@code Content-Type}, {@code Content-Length}, then {@code Allow} and {@code Connection} when they
 * apply.
 */
final class ResponseWriter {
  /** Head and body go out in one write up to this size; a larger body is written after its head. */
  private static final int ONE_WRITE_MAX = 16 * 1024;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private byte[] buffer = new byte[512];
  private int length;
  private String lastContentType;
  private byte[] lastContentTypeAscii;

  ResponseWriter(OutputStream out) {
    this.out = out;
  }

  /** The interim {@code 100 Continue} (RFC 9110 10.1.1), sent before the body is read. */
  void writeContinue() throws IOException {
    out.write(CONTINUE);
    out.flush();
  }

  /**
   * Writes a response: without its body for HEAD (the fields still describe it); with
   * {@code Connection: close} when the connection closes after it, and {@code Connection: keep-alive}
   * when it stays open for an HTTP/1.0 client, which would otherwise close it.
   */
  void write(Response response, boolean head, boolean keepAlive, boolean http10) throws IOException {
    length = 0;
    int status = response.status();
    append("HTTP/1.1 ");
    appendDecimal(status);
    append(' ');
    append(ReasonPhrases.of(status));
    appendLineEnd();
    field("Date", HttpDate.nowAscii());
    field("Content-Type", contentTypeAscii(response.contentType()));
    byte[] body = response.body();
    append("Content-Length: ");
    appendDecimal(body.length);
    appendLineEnd();
    if (response.allow() != null) {
      field("Allow", response.allow());
    }
    if (!keepAlive) {
      field("Connection", "close");
    } else if (http10) {
      field("Connection", "keep-alive");
    }
    appendLineEnd();
    int bodyLength = head ? 0 : body.length;
    if (length + bodyLength <= ONE_WRITE_MAX) {
      append(body, bodyLength);
      out.write(buffer, 0, length);
    } else {
      out.write(buffer, 0, length);
      out.write(body, 0, bodyLength);
    }
    out.flush();
  }

  /** The content type's bytes, made once for as long as responses keep the same one (nearly always). */
  private byte[] contentTypeAscii(String contentType) {
    if (contentType != lastContentType) {
      lastContentTypeAscii = valueAscii(contentType);
      lastContentType = contentType;
    }
    return lastContentTypeAscii;
  }

  private void field(String name, String value) {
    field(name, valueAscii(value));
  }

  private void field(String name, byte[] asciiValue) {
    append(name);
    append(": ");
    append(asciiValue);
    appendLineEnd();
  }

  /** A name or fixed text of ours: ASCII. */
  private void append(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buffer[length++] = (byte) text.charAt(i);
    }
  }

  /**
   * A field value, which an embedding application may have chosen (a content type): anything but
   * visible ASCII, space and tab is sent as {@code ?}, so no value can end the line or the head early
   * (HttpCore's writer, which this replaces, did the same).
   */
  private static byte[] valueAscii(String value) {
    byte[] bytes = new byte[value.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = value.charAt(i);
      bytes[i] = (c >= 0x20 && c <= 0x7e) || c == '\t' ? (byte) c : (byte) '?';
    }
    return bytes;
  }

  private void append(char c) {
    ensure(1);
    buffer[length++] = (byte) c;
  }

  private void appendLineEnd() {
    ensure(2);
    buffer[length++] = '\r';
    buffer[length++] = '\n';
  }

  /** A status or a length: never negative. */
  private void appendDecimal(int value) {
    int digits = 1;
    for (int rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  private void append(byte[] bytes) {
    append(bytes, bytes.length);
  }

  private void append(byte[] bytes, int n) {
    ensure(n);
    System.arraycopy(bytes, 0, buffer, length, n);
    length += n;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      byte[] larger = new byte[Math.max(buffer.length * 2, length + more)];
      System.arraycopy(buffer, 0, larger, 0, length);
      buffer = larger;
    }
  }
}
