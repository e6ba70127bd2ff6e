package org.ctlsock.server.http;

import org.apache.hc.core5.http.HttpException;

/**
 * A request the server answers with an error status of its own and then closes the connection:
 * malformed framing (400), unsupported transfer coding (501), limits (413, 414, 431).
 */
public final class HttpStatusException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpStatusException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
