package org.ctlsock.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.RawConnection;

final class Deadlines {
  private Deadlines() {}

  static boolean awaitSocket(Path socket) {
    return Deadline.await(Duration.ofSeconds(30), () -> {
      FileFacts f = FileFacts.orNull(socket);
      return f != null && f.isSocket();
    });
  }

  /**
   * Waits until a connect to {@code socket} is accepted. Not the same as the file being there: a socket file appears
   * at bind(2), and until the owner calls listen(2) a connect is refused (systemd-socket-activate does both).
   */
  static boolean awaitListening(Path socket) {
    return Deadline.await(Duration.ofSeconds(30), () -> {
      try (RawConnection probe = RawConnection.open(socket)) {
        return true;
      } catch (IOException refusedOrAbsent) {
        return false;
      }
    });
  }
}
