package org.ctlsock.server.transport;

import java.io.IOException;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Accepts through junixsocket's server socket: for a socket the JDK's channels cannot wrap (one
 * inherited as file descriptor 3 by socket activation), and wherever the descriptor numbers of the
 * JDK's channels are out of reach ({@link DescriptorNumbers}).
 */
public final class JunixListener implements Listener {
  private final AFUNIXServerSocket serverSocket;

  public JunixListener(AFUNIXServerSocket serverSocket) {
    this.serverSocket = serverSocket;
  }

  @Override
  public Connection accept() throws IOException {
    AFUNIXSocket socket = serverSocket.accept();
    return socket == null ? null : new JunixConnection(socket);
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  @Override
  public boolean isClosed() {
    return serverSocket.isClosed();
  }
}
