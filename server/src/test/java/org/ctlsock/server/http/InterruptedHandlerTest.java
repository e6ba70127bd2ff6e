package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that leaves its thread interrupted (the usual way to pass on an InterruptedException
 * it caught) still gets its answer written, and the connection goes on: the JDK's channels would
 * otherwise close the connection at the first write of an interrupted thread.
 */
class InterruptedHandlerTest {
  @TempDir Path dir;

  @Test
  void aHandlerThatLeavesItsThreadInterrupted_isAnsweredAndTheConnectionStaysOpen() throws Exception {
    Path sock = dir.resolve("s.sock");
    try (CtlsockServer server =
            TestServers.start(sock, b -> b.command("interrupting", (args, ctx) -> {
              Thread.currentThread().interrupt();
              return "answered";
            }));
        RawConnection c = RawConnection.open(sock)) {
      for (int i = 0; i < 2; i++) {
        HttpResponse response = c.exchange("GET /interrupting HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response.status()).as("request %d on one connection", i + 1).isEqualTo(200);
        assertThat(response.text()).isEqualTo("answered");
      }
    }
  }
}
