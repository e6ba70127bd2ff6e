package org.ctlsock.client;

import java.nio.file.Path;

/** The client could not open a connection to the socket path. Subclasses say why, when known. */
public class CtlsockConnectException extends CtlsockException {
  private static final long serialVersionUID = 1L;
  private final transient Path socketPath;

  public CtlsockConnectException(Path socketPath, String message, Throwable cause) {
    super(socketPath + ": " + message, cause);
    this.socketPath = socketPath;
  }

  /** The path the client tried to connect to. */
  public Path socketPath() {
    return socketPath;
  }
}
