package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.ctlsock.server.PeerCredentials;

/**
 * One accepted connection. Its streams are used by the connection's own thread; {@link #close()}
 * and {@link #shutdownInput()} may come from another (the watchdog, shutdown) and make a blocked
 * read or write of that thread return.
 */
public interface Connection {
  InputStream inputStream() throws IOException;

  OutputStream outputStream() throws IOException;

  /** The kernel's credentials for the peer (SO_PEERCRED), read now; {@link PeerCredentials#UNKNOWN} if it would not tell. */
  PeerCredentials readCredentials();

  /** Reads then see end of input (the watchdog's way to stop a request that arrives too slowly). */
  void shutdownInput() throws IOException;

  /** The peer then sees end of input; reading goes on (a lingering close). */
  void shutdownOutput() throws IOException;

  /** Closes the connection, from any thread; a blocked read or write fails. Idempotent. */
  void close() throws IOException;

  boolean isClosed();
}
