package org.ctlsock.server;

/** What a handler may know about the call besides its arguments. */
public interface CallContext {
  /** The command's name. */
  String command();

  /** The request method (GET, HEAD or POST). */
  Method method();

  /** The kernel's credentials of the connecting process. */
  PeerCredentials peer();
}
