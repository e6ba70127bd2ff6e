package org.ctlsock.server;

/**
 * A command's way to fail with a message meant for the client: answered 500 with the
 * traceback, whose first line carries the message verbatim (spec 6.2.1).
 */
public class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message);
  }

  public CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
