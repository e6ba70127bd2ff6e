package org.ctlsock.bench.proc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctlsock.process.Finished;
import org.ctlsock.process.Launch;

/**
 * Finds the process that accepts connections on a socket by asking it: connect, then look up which
 * process holds the other end of that connection (iproute2's {@code ss -xp} reports peers). Needed
 * for servers that bind under a temporary name and link the socket into place, since
 * /proc/net/unix then lists the socket under the name it was bound to.
 */
public final class PeerProcess {

    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private PeerProcess() {
    }

    public static Optional<Long> of(Path socket) {
        Set<String> before;
        try {
            before = ownSocketInodes();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Set<String> after = ownSocketInodes();
            after.removeAll(before);
            if (after.isEmpty()) {
                return Optional.empty();
            }
            // Usually one new socket, ours; another thread of this JVM may have opened others
            // meanwhile, so try each: only ours has the server's socket as its peer (in a test in
            // which this JVM is the server too, either end leads to this JVM).
            // The server may not have accepted the connection yet, and an unaccepted socket has
            // no owner: ask again for a moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (true) {
                List<String> lines = ssOutput();
                for (String mine : after) {
                    Optional<Long> pid = serverOf(mine, lines);
                    if (pid.isPresent()) {
                        return pid;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(20); // a poll interval, bounded by the deadline
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** From {@code ss -xpn} lines: the pid on the line whose local inode is our connection's peer. */
    static Optional<Long> serverOf(String myInode, List<String> lines) {
        String peer = null;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // Netid State Recv-Q Send-Q Local-Address Local-Port Peer-Address Peer-Port [Process]
            if (f.length >= 8 && f[5].equals(myInode)) {
                peer = f[7];
            }
        }
        if (peer == null) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 9 && f[5].equals(peer)) {
                Matcher m = PID.matcher(line);
                if (m.find()) {
                    return Optional.of(Long.parseLong(m.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> ownSocketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // Closed while we looked.
                }
            }
        }
        return inodes;
    }

    private static List<String> ssOutput() throws IOException {
        Finished ss = Launch.of("ss", "-xpn").run(Duration.ofSeconds(10));
        if (ss.exitStatus() == 127) {
            throw new IOException("ss (iproute2) is not installed: " + ss.stderr().strip());
        }
        return ss.stdout().lines().toList();
    }
}
