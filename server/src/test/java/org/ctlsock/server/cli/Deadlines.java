package org.ctlsock.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.FileFacts;

final class Deadlines {
  private Deadlines() {}

  static boolean awaitSocket(Path socket) {
    return Deadline.await(Duration.ofSeconds(30), () -> {
      FileFacts f = FileFacts.orNull(socket);
      return f != null && f.isSocket();
    });
  }
}
