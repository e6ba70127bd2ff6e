package org.ctlsock.server.dispatch;

/** The request body is not a UTF-8 JSON array of arguments (spec 5.3.4): answered 400. */
final class BadArgumentsException extends Exception {
  private static final long serialVersionUID = 1L;

  BadArgumentsException(String message) {
    super(message, null, false, false);
  }
}
