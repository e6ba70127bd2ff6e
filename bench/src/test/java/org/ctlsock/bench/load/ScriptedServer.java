package org.ctlsock.bench.load;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP server on a Unix socket for the load generator's tests: answer number n (counted over
 * all connections from 1) is 503 when n is a multiple of 3, else 200; every 5th answer on a
 * connection closes it; with {@code silent} it reads requests and never answers.
 */
final class ScriptedServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final AtomicLong answered = new AtomicLong();
    private final boolean silent;
    final Path socket;

    ScriptedServer(Path socket, boolean silent) throws IOException {
        this.socket = socket;
        this.silent = silent;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "scripted-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    long answered() {
        return answered.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> serve(c), "scripted-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            ByteBuffer in = ByteBuffer.allocate(8192);
            int onThisConnection = 0;
            StringBuilder pending = new StringBuilder();
            while (c.read(in) > 0) {
                in.flip();
                pending.append(StandardCharsets.ISO_8859_1.decode(in));
                in.clear();
                int end;
                // The tests send bodiless GETs, so a request ends at its empty line.
                while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                    pending.delete(0, end + 4);
                    if (silent) {
                        continue;
                    }
                    long n = answered.incrementAndGet();
                    onThisConnection++;
                    boolean close = onThisConnection % 5 == 0;
                    String body = n % 3 == 0 ? "busy" : "[]";
                    String response = "HTTP/1.1 " + (n % 3 == 0 ? "503 Service Unavailable" : "200 OK") + "\r\n"
                            + "Content-Length: " + body.length() + "\r\n" + (close ? "Connection: close\r\n" : "")
                            + "\r\n" + body;
                    c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
                    if (close) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
