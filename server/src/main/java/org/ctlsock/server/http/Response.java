package org.ctlsock.server.http;

import java.nio.charset.StandardCharsets;

/**
 * A complete response: status, content type, body, the optional {@code Allow} field, and whether
 * the connection must close after it.
 */
public final class Response {
  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final String allow;
  private final boolean close;

  private Response(int status, String contentType, byte[] body, String allow, boolean close) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.allow = allow;
    this.close = close;
  }

  public static Response of(int status, String contentType, byte[] body) {
    return new Response(status, contentType, body, null, false);
  }

  public static Response text(int status, String text) {
    return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8), null, false);
  }

  public static Response json(byte[] body) {
    return new Response(200, JSON, body, null, false);
  }

  /** A 405 that lists the allowed methods (spec 5.2.4, 6.3.2). */
  public static Response methodNotAllowed(String method, String command, String allow) {
    return new Response(
        405, TEXT, ("method " + method + " is not allowed for command " + command + "; allowed: " + allow + "\n")
            .getBytes(StandardCharsets.UTF_8), allow, false);
  }

  /** The same response, marked to close the connection after it is sent. */
  public Response closing() {
    return close ? this : new Response(status, contentType, body, allow, true);
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  public String allow() {
    return allow;
  }

  public boolean closesConnection() {
    return close;
  }
}
