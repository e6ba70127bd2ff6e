package org.ctlsock.client;

/** 500: the command ran and failed (spec clause 6.2.1). The body is the error's traceback. */
public class CommandFailedException extends StatusException {
  private static final long serialVersionUID = 1L;

  public CommandFailedException(String command, Response response) {
    super(command, response);
  }

  /** The server's 500 body: the error's message, and usually its traceback (clause 6.2.2). */
  public String traceback() {
    return response().text();
  }
}
