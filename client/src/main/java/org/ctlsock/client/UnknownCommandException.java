package org.ctlsock.client;

/** 404: the server has no command of that name (spec clause 6.3.1). */
public class UnknownCommandException extends StatusException {
  private static final long serialVersionUID = 1L;

  public UnknownCommandException(String command, Response response) {
    super(command, response);
  }
}
