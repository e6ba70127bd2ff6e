package org.ctlsock.server.http;

/**
 * What the server will do with a request, decided from its head alone so that the HTTP layer
 * knows whether to read the body (and to send {@code 100 Continue}) before it does.
 */
public interface Route {
  /** Whether the answer depends on the request body (a POST that will run its command). */
  boolean wantsBody();

  /**
   * Produces the answer. Never throws: a failing command is a 500 response.
   *
   * @param body the request body ({@code wantsBody()}), or an empty array
   */
  Response respond(byte[] body);

  /**
   * Heap that answering costs beyond the body's own bytes (the parsed arguments, the answer),
   * reserved from the memory budget before {@link #respond} (spec 7.5). Must not allocate.
   *
   * @param body the request body ({@code wantsBody()}), or an empty array
   */
  default long memoryCost(byte[] body) {
    return 0;
  }

  /** The name for the request log: the command name, or the target when it names none. */
  String logName();
}
