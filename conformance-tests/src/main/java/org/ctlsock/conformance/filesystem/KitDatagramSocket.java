package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A live socket of another type at a path: a Unix datagram socket the kit binds and holds open, so that a
 * stream {@code connect(2)} to the path fails with {@code EPROTOTYPE} instead of {@code ECONNREFUSED} (spec
 * 2.2.5: only a refused connection shows a socket is stale). The JDK has no Unix datagram sockets, hence
 * junixsocket.
 */
public final class KitDatagramSocket implements AutoCloseable {
    private final AFUNIXDatagramSocket socket;
    private final Path path;

    private KitDatagramSocket(AFUNIXDatagramSocket socket, Path path) {
        this.socket = socket;
        this.path = path;
    }

    /** Binds a datagram socket at {@code path}, which must not exist, and keeps it open until closed. */
    public static KitDatagramSocket bind(Path path) {
        try {
            AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance();
            s.bind(AFUNIXSocketAddress.of(path.toFile()));
            return new KitDatagramSocket(s, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a datagram socket at " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        socket.close();
    }
}
