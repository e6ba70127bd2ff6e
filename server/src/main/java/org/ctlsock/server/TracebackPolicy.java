package org.ctlsock.server;

/** How much of a failed command's exception the 500 body shows (spec 6.2.2, 10.2). */
public enum TracebackPolicy {
  /** The full stack trace, causes included, as Java prints it. */
  FULL,
  /** Only the exception's type and message, for peers that should not see internals. */
  TYPE_AND_MESSAGE
}
