package org.ctlsock.client;

/**
 * Connecting, or waiting for a response, took longer than the configured timeout. After a read
 * timeout the connection is closed, since its state is unknown; the command may still have run.
 */
public class CtlsockTimeoutException extends CtlsockException {
  private static final long serialVersionUID = 1L;

  public CtlsockTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
