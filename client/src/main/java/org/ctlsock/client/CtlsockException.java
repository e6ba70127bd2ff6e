package org.ctlsock.client;

import java.io.IOException;

/**
 * Base of every failure the client reports. It is an {@link IOException} because each one is, in
 * the end, a failed exchange with another process; callers that do not care about the kind can
 * catch {@code IOException} alone.
 */
public class CtlsockException extends IOException {
  private static final long serialVersionUID = 1L;

  public CtlsockException(String message) {
    super(message);
  }

  public CtlsockException(String message, Throwable cause) {
    super(message, cause);
  }
}
