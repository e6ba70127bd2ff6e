package org.ctlsock.server;

import java.io.IOException;

/**
 * The server could not start. The message names the socket path and says why in words a person
 * understands (spec 3.3.1); {@link #reason()} tells the case apart for exit codes (3.3.2).
 */
public final class StartupException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a server could not start, with the exit status spec 3.3.2 gives each case. */
  public enum Reason {
    /** Any other failure, e.g. an internal error. */
    OTHER(1),
    /** Too long, empty, or its directory does not exist (2.1.2). */
    BAD_PATH(3),
    /** A live server answers on the path (2.2.3). */
    IN_USE(4),
    /** Something other than a socket is at the path (2.2.4). */
    NOT_A_SOCKET(5),
    /** Permission denied on the directory or the path. */
    PERMISSION_DENIED(6),
    /** The group asked for does not exist or cannot be set (9.2.1). */
    GROUP(7);

    private final int exitStatus;

    Reason(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    public int exitStatus() {
      return exitStatus;
    }
  }

  private final Reason reason;

  public StartupException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StartupException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
