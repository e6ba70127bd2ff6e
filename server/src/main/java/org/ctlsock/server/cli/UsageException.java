package org.ctlsock.server.cli;

/** A command-line mistake: exit status 2 (spec 3.3.2, 3.3.3). */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
