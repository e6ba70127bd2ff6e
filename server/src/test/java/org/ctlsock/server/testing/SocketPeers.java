package org.ctlsock.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Facts about a socket path observed from outside: who listens there, and stale sockets to find there. */
public final class SocketPeers {
  private SocketPeers() {}

  /** The pid of the process that accepted a connection to {@code path} (SO_PEERCRED), or -1 when nobody answers. */
  public static long listenerPid(Path path) {
    try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
      socket.connect(AFUNIXSocketAddress.of(path), 2000);
      return socket.getPeerCredentials().getPid();
    } catch (IOException e) {
      return -1;
    }
  }

  /** A socket file nobody listens on, like one left by a server that was killed (2.2.2, 3.5.1). */
  public static void makeStale(Path path) throws IOException {
    AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
    s.setDeleteOnClose(false);
    s.bind(AFUNIXSocketAddress.of(path));
    s.close();
  }
}
