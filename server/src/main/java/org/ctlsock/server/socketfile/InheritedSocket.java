package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.util.Map;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;
import org.ctlsock.server.transport.JunixListener;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Socket activation (spec 9.4.1, systemd's {@code sd_listen_fds(3)}): when {@code LISTEN_PID} is
 * this process and {@code LISTEN_FDS=1}, the listening socket is file descriptor 3. The socket
 * file belongs to whoever created it (systemd): it is never created, chmod-ed, chown-ed, renamed
 * or unlinked here.
 */
public final class InheritedSocket {
  private static final int SD_LISTEN_FDS_START = 3;

  private InheritedSocket() {}

  /** Whether the environment hands this process a socket. */
  public static boolean offered(Map<String, String> env) {
    String pid = env.get("LISTEN_PID");
    return pid != null && pid.trim().equals(Long.toString(ProcessHandle.current().pid()));
  }

  public static ListeningSocket adopt(Map<String, String> env, String pathForMessages) throws StartupException {
    String fds = env.get("LISTEN_FDS");
    if (!"1".equals(fds == null ? null : fds.trim())) {
      throw new StartupException(
          Reason.OTHER, pathForMessages + ": socket activation passed LISTEN_FDS=" + fds + "; exactly one socket is supported");
    }
    try {
      AFUNIXServerSocket server = FileDescriptorCast.unsafeUsing(SD_LISTEN_FDS_START).as(AFUNIXServerSocket.class);
      // junixsocket would otherwise delete the bound path on close: it is not ours.
      server.setDeleteOnClose(false);
      return new ListeningSocket(new JunixListener(server), null);
    } catch (IOException | RuntimeException e) {
      throw new StartupException(
          Reason.OTHER, pathForMessages + ": file descriptor 3 from socket activation is not a listening Unix socket: " + e.getMessage(), e);
    }
  }
}
