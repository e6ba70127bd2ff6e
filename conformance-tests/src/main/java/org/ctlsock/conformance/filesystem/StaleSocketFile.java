package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Makes a stale socket (spec 1.2): a socket file that no process listens on, as a server killed with
 * SIGKILL leaves behind. Bound with the JDK's Unix-domain channel, which never deletes or replaces an
 * existing file and leaves the socket file behind when closed.
 */
public final class StaleSocketFile {
    /** How long an inherited copy of the kit's listening descriptor may keep the socket accepting. */
    private static final java.time.Duration REFUSAL_WITHIN = java.time.Duration.ofSeconds(5);

    private StaleSocketFile() {
    }

    /** Creates it at {@code path} (which must not exist) and checks that a connect to it is refused. */
    public static PathSnapshot create(Path path) {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a stale socket at " + path, e);
        }
        // Classes run at the same time: a target another class forks at this moment inherits the listening descriptor
        // until its exec closes it (kit-defects.md, seen under load), so the refusal is polled for, with a deadline.
        long deadline = System.nanoTime() + REFUSAL_WITHIN.toNanos();
        while (!connectIsRefused(path)) {
            if (System.nanoTime() > deadline) {
                // The kit's own preparation failed: an ERROR of the kit, not a verdict on the target.
                throw new org.ctlsock.conformance.KitError("the socket made stale at " + path + " still accepts "
                        + "connections " + REFUSAL_WITHIN.toMillis() + " ms after the kit closed its listener");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        return PathSnapshot.of(path);
    }

    /** True when a connect to {@code path} fails with ECONNREFUSED (a stale socket), false when it succeeds. */
    public static boolean connectIsRefused(Path path) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("connect to " + path + " failed otherwise than refused", e);
        }
    }
}
