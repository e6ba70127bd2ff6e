package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live socket that belongs to the kit (spec 1.2 "live socket"): it listens at a path and answers every
 * connection with one fixed HTTP response whose body is {@link #BODY}, so that a case can tell that the
 * socket at the path is still this one and still answering (clause 2.2.3) after a target tried to start
 * there. Bound with the JDK's channel, which neither replaces an existing file nor deletes its own at
 * close.
 */
public final class KitListener implements AutoCloseable {
    public static final String BODY = "kit listener";
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final ServerSocketChannel channel;
    private final AtomicInteger accepted = new AtomicInteger();

    private KitListener(Path path, ServerSocketChannel channel) {
        this.path = path;
        this.channel = channel;
        Thread acceptor = new Thread(this::acceptLoop, "kit-listener " + path);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens at {@code path}, which must not exist. */
    public static KitListener listen(Path path) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(path));
            return new KitListener(path, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen at " + path, e);
        }
    }

    private void acceptLoop() {
        while (channel.isOpen()) {
            try {
                SocketChannel c = channel.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> answer(c), "kit-listener connection");
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // accept failed for this one connection: keep listening
            }
        }
    }

    /** Reads the request head (or until the peer hangs up, as a liveness probe does), then answers. */
    private static void answer(SocketChannel c) {
        try (c) {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (!new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1).contains("\r\n\r\n")
                    && buf.hasRemaining()) {
                if (c.read(buf) < 0) {
                    return;
                }
            }
            c.write(ByteBuffer.wrap(RESPONSE));
        } catch (IOException e) {
            // the peer went away: nothing to answer
        }
    }

    public Path path() {
        return path;
    }

    /** How many connections it has accepted so far (a target's liveness probe counts too). */
    public int accepted() {
        return accepted.get();
    }

    /** Stops listening; the socket file stays (stale), the scratch directory removes it. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listener cannot fail in a way that matters here
        }
    }
}
