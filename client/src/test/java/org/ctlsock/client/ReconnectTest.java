package org.ctlsock.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A connection the server closed while idle is replaced, for GET and for POST alike. */
class ReconnectTest {
  @Test
  void callAfterTheServerClosedAnIdleConnectionOpensANewOne() throws Exception {
    try (ServerProcess server = ServerProcess.startReference("--idle-timeout", "1s");
        CtlsockClient client = CtlsockClient.connect(server.socket())) {
      assertThat(client.call("echo", 1).text()).isEqualTo("[1]");
      // Counted relative to before each wait: on a slow machine the server may also close the
      // first connection before its first call.
      int before = client.connectionsOpened();
      awaitServerClose(client, server);
      assertThat(client.call("echo", 2).text()).isEqualTo("[2]");
      assertThat(client.connectionsOpened()).as("after an idle close, POST").isEqualTo(before + 1);
      awaitServerClose(client, server);
      assertThat(client.get("echo").text()).isEqualTo("[]");
      assertThat(client.connectionsOpened()).as("after an idle close, GET").isEqualTo(before + 2);
    }
  }

  /** Polls (no fixed sleep) until the server's idle timeout has closed the client's connection. */
  private static void awaitServerClose(CtlsockClient client, ServerProcess server)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (client.holdsLiveConnection()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the server did not close the idle connection within 30 s"
            + " (--idle-timeout 1s)\n" + server.logTail());
      }
      Thread.onSpinWait();
      Thread.sleep(10); // a polling interval, not a synchronisation delay
    }
  }
}
