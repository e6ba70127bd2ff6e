package org.ctlsock.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A deliberately wrong target for the kit's own end-to-end test: it answers every request with
 * {@code 200 []}, whatever the command, so echo works only without arguments and fail never fails.
 * Usage: {@code CannedServer SOCKET}.
 */
public final class CannedServer {
    private CannedServer() {
    }

    public static void main(String[] args) throws IOException {
        acceptForever(args, CannedServer::serve);
    }

    /** Binds the socket path that ends {@code args} and serves each connection on a thread of its own. */
    static void acceptForever(String[] args, java.util.function.Consumer<AFUNIXSocket> serve) throws IOException {
        try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.bind(AFUNIXSocketAddress.of(Path.of(args[args.length - 1])));
            while (true) {
                AFUNIXSocket s = server.accept();
                Thread t = new Thread(() -> serve.accept(s));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(AFUNIXSocket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String lower = head.toLowerCase(Locale.ROOT);
                int cl = lower.indexOf("\r\ncontent-length:");
                if (cl >= 0) {
                    int end = lower.indexOf("\r\n", cl + 2);
                    in.readNBytes(Integer.parseInt(head.substring(cl + 17, end).strip()));
                }
                boolean head0 = head.startsWith("HEAD ");
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
                        + (head0 ? "" : "[]")).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (lower.contains("\r\nconnection: close")) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // One connection's trouble is not the server's.
        }
    }

    /** The request head up to its blank line, or null at end of stream. */
    /** The Content-Length of a request head (0 when it has none), for the test servers that read bodies. */
    static int contentLength(String head) {
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl < 0) {
            return 0;
        }
        int end = lower.indexOf("\r\n", cl + 2);
        return Integer.parseInt(head.substring(cl + 17, end).strip());
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
