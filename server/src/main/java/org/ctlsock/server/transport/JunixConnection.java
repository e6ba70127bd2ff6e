package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.ctlsock.server.PeerCredentials;
import org.newsclub.net.unix.AFUNIXSocket;

/** A connection accepted by junixsocket. */
final class JunixConnection implements Connection {
  private final AFUNIXSocket socket;

  JunixConnection(AFUNIXSocket socket) {
    this.socket = socket;
  }

  @Override
  public InputStream inputStream() throws IOException {
    return socket.getInputStream();
  }

  @Override
  public OutputStream outputStream() throws IOException {
    return socket.getOutputStream();
  }

  @Override
  public PeerCredentials readCredentials() {
    return KernelCredentials.of(socket);
  }

  @Override
  public void shutdownInput() throws IOException {
    socket.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }
}
