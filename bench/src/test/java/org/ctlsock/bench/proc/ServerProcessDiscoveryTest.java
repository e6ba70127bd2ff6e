package org.ctlsock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This test's own JVM plays the server: it must be found as the one holding the socket. */
class ServerProcessDiscoveryTest {

    private static final long ME = ProcessHandle.current().pid();

    @Test
    void theListeningProcessIsFoundByItsSocketPath(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(ListeningSocketOwners.find(socket, List.of(ME))).containsExactly(ME);
            assertThat(ListeningSocketOwners.find(dir.resolve("other.sock"), List.of())).isEmpty();
        }
    }

    @Test
    void aSocketLinkedIntoPlaceIsFoundThroughThePeerOfAConnection(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "needs ss (iproute2) to look up the peer of a connection");
        Path bound = dir.resolve("bound-here");
        Path linked = dir.resolve("served-here.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.createLink(linked, bound); // what the reference server and two fixtures do
            Thread acceptor = new Thread(() -> {
                try (SocketChannel accepted = server.accept()) {
                    accepted.read(java.nio.ByteBuffer.allocate(1)); // hold it until the client closes
                } catch (IOException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertThat(ListeningSocketOwners.find(linked, List.of())).as("the kernel knows it by the other name").isEmpty();
            assertThat(PeerProcess.of(linked)).contains(ME);
        }
    }
}
