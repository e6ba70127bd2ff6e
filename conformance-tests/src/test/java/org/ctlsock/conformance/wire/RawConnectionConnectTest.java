package org.ctlsock.conformance.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A server that never accepts (one that serves a single client at a time, busy with another) fills its
 * accept queue, and a plain connect then blocks in the kernel for as long as the server lives. The kit
 * must give up after its deadline instead: this hung the whole run against the blog-design fixture.
 */
class RawConnectionConnectTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // a kit without the fix hangs here
    void aConnectToAServerThatNeverAcceptsGivesUpAtTheDeadline() throws IOException {
        Path path = dir.resolve("never-accepts.sock");
        List<RawConnection> queued = new ArrayList<>();
        try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.bind(AFUNIXSocketAddress.of(path), 1);
            assertThat(Files.exists(path)).isTrue();
            SocketTimeoutException gaveUp = null;
            // The kernel queues a few connections beyond the backlog; the first one it does not is the case.
            for (int i = 0; i < 64 && gaveUp == null; i++) {
                try {
                    queued.add(RawConnection.open(path, new WireLog("client " + i), Duration.ofMillis(300)));
                } catch (SocketTimeoutException e) {
                    gaveUp = e;
                }
            }
            assertThat(gaveUp).as("a connect that the full accept queue blocks ends with a timeout").isNotNull();
            assertThat(gaveUp.getMessage()).contains("not accepting connections");
            assertThat(queued).as("connections the queue took before it was full").isNotEmpty();
        } finally {
            for (RawConnection c : queued) {
                c.close();
            }
        }
    }
}
