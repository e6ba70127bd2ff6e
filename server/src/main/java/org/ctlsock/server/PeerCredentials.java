package org.ctlsock.server;

/**
 * The connecting process's identity as the kernel reports it for the connection (SO_PEERCRED),
 * never anything the client sent (spec 9.3.2). {@code pid} is {@code null} where the platform
 * does not give it.
 */
public record PeerCredentials(long uid, long gid, Long pid) {
  /** What is known when the kernel would not tell: nothing matches an allow-list. */
  public static final PeerCredentials UNKNOWN = new PeerCredentials(-1, -1, null);

  public boolean isKnown() {
    return uid >= 0;
  }
}
