package org.ctlsock.server.socketfile;

import org.ctlsock.server.transport.Listener;

/**
 * A listening server socket and, when this server created the socket file, its claim on the
 * path. A socket inherited through socket activation has no claim: its path is never touched.
 */
public record ListeningSocket(Listener listener, SocketFileOwnership ownership) {
  public boolean ownsPath() {
    return ownership != null;
  }
}
