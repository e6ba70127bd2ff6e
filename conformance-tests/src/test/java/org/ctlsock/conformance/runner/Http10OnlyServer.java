package org.ctlsock.conformance.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately wrong ctlsock server for the runner's own tests: it echoes POST bodies like a server
 * under test, but answers every request with an HTTP/1.0 status line, so clause 4.1.1 fails with real
 * evidence (a wire log and this program's stderr). JDK only, so it needs no interpreter and no jar:
 * {@code java -cp target/test-classes org.ctlsock.conformance.runner.Http10OnlyServer SOCKET}.
 */
public final class Http10OnlyServer {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private Http10OnlyServer() {
    }

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[args.length - 1]);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                System.err.println("http10-only: could not remove " + socket + ": " + e.getMessage());
            }
        }));
        System.err.println("http10-only: listening on " + socket);
        while (true) {
            SocketChannel c = server.accept();
            Thread t = new Thread(() -> serve(c));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(SocketChannel c) {
        try (c) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            int headEnd;
            while ((headEnd = in.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n")) < 0) {
                buf.clear();
                if (c.read(buf) < 0) {
                    return;
                }
                in.write(buf.array(), 0, buf.position());
            }
            String head = in.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd);
            Matcher m = CONTENT_LENGTH.matcher(head);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            while (in.size() < headEnd + 4 + length) {
                buf.clear();
                if (c.read(buf) < 0) {
                    break;
                }
                in.write(buf.array(), 0, buf.position());
            }
            byte[] all = in.toByteArray();
            int bodyLength = Math.max(0, Math.min(length, all.length - headEnd - 4));
            String body = bodyLength == 0 ? "[]" : new String(all, headEnd + 4, bodyLength, StandardCharsets.UTF_8);
            boolean head0 = head.toUpperCase(Locale.ROOT).startsWith("HEAD ");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String response = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            // Logged before answering, so that the line is in stderr by the time the kit reads the answer.
            System.err.println("http10-only: answered \"" + head.split("\r\n", 2)[0] + "\" with HTTP/1.0");
            c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
            if (!head0) {
                c.write(ByteBuffer.wrap(bytes));
            }
        } catch (IOException e) {
            System.err.println("http10-only: " + e.getMessage());
        }
    }
}
