package org.ctlsock.client;

/** 400: the server found the request malformed, e.g. a body that is not a JSON array (clause 5.3.4). */
public class BadRequestException extends StatusException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String command, Response response) {
    super(command, response);
  }
}
