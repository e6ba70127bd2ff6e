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
    private StaleSocketFile() {
    }

    /** Creates it at {@code path} (which must not exist) and checks that a connect to it is refused. */
    public static PathSnapshot create(Path path) {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a stale socket at " + path, e);
        }
        if (!connectIsRefused(path)) {
            throw new IllegalStateException("the socket made stale at " + path + " still accepts connections");
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
