package org.ctlsock.server.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A listening Unix-domain socket the engine accepts connections from. Two implementations: the
 * JDK's own channels ({@link JdkListener}, the cheaper accept) and junixsocket's server socket
 * ({@link JunixListener}, for a socket the JDK cannot wrap, such as one passed by socket
 * activation).
 */
public interface Listener extends Closeable {
  /**
   * Blocks until a client connects.
   *
   * @return the connection, or {@code null} when the implementation gave none this time (the
   *     caller simply tries again)
   * @throws IOException when accepting failed, or the listener was closed meanwhile
   */
  Connection accept() throws IOException;

  /** Stops listening: blocked and later {@link #accept()} calls fail. Never touches the path. */
  @Override
  void close() throws IOException;

  boolean isClosed();
}
