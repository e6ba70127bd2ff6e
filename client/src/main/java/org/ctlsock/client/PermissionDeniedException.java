package org.ctlsock.client;

import java.nio.file.Path;

/**
 * The kernel refused the connection for lack of permission: connecting needs write permission on
 * the socket file and search permission on every directory of its path (spec section 10.1).
 */
public class PermissionDeniedException extends CtlsockConnectException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(Path socketPath, Throwable cause) {
    super(socketPath, "permission denied (connecting needs write permission on the socket and"
        + " search permission on its directories)", cause);
  }
}
