package org.ctlsock.client;

/** The peer answered with bytes that are not a valid HTTP/1.1 response. */
public class ProtocolViolationException extends CtlsockException {
  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
