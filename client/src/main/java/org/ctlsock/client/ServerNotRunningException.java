package org.ctlsock.client;

import java.nio.file.Path;

/**
 * No server answers at the path: either nothing is there, or a socket file is there but no process
 * listens on it (a stale socket left by a server that died, spec clause 2.2.2).
 */
public class ServerNotRunningException extends CtlsockConnectException {
  private static final long serialVersionUID = 1L;

  /** What the client found at the path. */
  public enum Found {
    /** Nothing exists at the path (or a symbolic link there points nowhere). */
    NOTHING,
    /** A socket file exists but the connection was refused: no server listens on it. */
    STALE_SOCKET
  }

  private final Found found;

  public ServerNotRunningException(Path socketPath, Found found, Throwable cause) {
    super(socketPath, describe(found), cause);
    this.found = found;
  }

  public Found found() {
    return found;
  }

  private static String describe(Found found) {
    return switch (found) {
      case NOTHING -> "no socket at this path (is the server running?)";
      case STALE_SOCKET -> "stale socket: the file exists but no server is listening on it";
    };
  }
}
