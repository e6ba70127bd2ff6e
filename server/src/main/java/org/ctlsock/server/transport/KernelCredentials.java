package org.ctlsock.server.transport;

import java.io.IOException;
import org.ctlsock.server.PeerCredentials;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.FileDescriptorCast;

/** SO_PEERCRED through junixsocket's native code: uid, gid and pid, which the JDK does not give as numbers. */
final class KernelCredentials {
  private KernelCredentials() {}

  static PeerCredentials of(AFUNIXSocket socket) {
    try {
      AFUNIXSocketCredentials c = socket.getPeerCredentials();
      return c == null ? PeerCredentials.UNKNOWN : new PeerCredentials(c.getUid(), c.getGid(), c.getPid() > 0 ? c.getPid() : null);
    } catch (IOException e) {
      return PeerCredentials.UNKNOWN;
    }
  }

  /**
   * Reads them from a descriptor the caller keeps open meanwhile. The socket junixsocket makes
   * around the number never closes or shuts the descriptor down (checked with strace: no close or
   * shutdown call, neither at once nor after a collection), so it is simply dropped.
   */
  static PeerCredentials ofDescriptor(int fd) {
    try {
      return of(FileDescriptorCast.unsafeUsing(fd).as(AFUNIXSocket.class));
    } catch (IOException e) {
      return PeerCredentials.UNKNOWN;
    }
  }
}
