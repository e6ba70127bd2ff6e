package org.ctlsock.server.http;

import org.ctlsock.server.PeerCredentials;

/** The other end of a connection, as the kernel reports it. */
public interface Peer {
  /** The kernel's credentials for the connection (asked once per connection, then cached). */
  PeerCredentials credentials();
}
