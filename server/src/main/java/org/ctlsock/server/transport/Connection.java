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

  /**
   * Runs {@code action} on the serving thread whenever one of its reads or writes is about to wait
   * for the peer (only once the connection has waited in an {@link IdlePoller}; a blocking
   * connection's waits are in the kernel). The thread that serves the requests of many connections
   * passes that job on first, so that a client that is slow to send or to read holds up only its
   * own connection.
   */
  default void beforeWaiting(Runnable action) {}

  /**
   * Ends the connection from another thread (the watchdog, shutdown): a read or write blocked on
   * it returns at once (end of input, or a failure), and so does its wait in an {@link IdlePoller};
   * the thread that serves the connection then closes it. Idempotent.
   */
  default void abort() throws IOException {
    close();
  }

  /** Closes the connection, from any thread; a blocked read or write fails. Idempotent. */
  void close() throws IOException;

  boolean isClosed();
}
