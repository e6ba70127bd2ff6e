package org.ctlsock.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A target that behaves as Twisted (Daphne) does when a client half-closes (issue 19): it reads a whole request,
 * and if the client's EOF follows before it has answered, it takes the client for gone and closes without an
 * answer. Otherwise it answers {@code GET /}, {@code GET /echo} and {@code POST /echo} (its body echoed) with 200 and everything else with 400 (so a
 * malformed request is refused as 4.3.5 asks). A request whose answer the kit waits for must therefore be sent
 * without a half-close. Usage: {@code EofDroppingServer SOCKET}.
 */
public final class EofDroppingServer {
    /** How long it "works" on a request before answering: the window in which an EOF makes it drop the answer. */
    private static final int WORK_MILLIS = 300;

    private EofDroppingServer() {
    }

    public static void main(String[] args) throws IOException {
        CannedServer.acceptForever(args, EofDroppingServer::serve);
    }

    private static void serve(AFUNIXSocket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = CannedServer.readHead(in);
                if (head == null) {
                    return;
                }
                byte[] requestBody = in.readNBytes(CannedServer.contentLength(head));
                s.setSoTimeout(WORK_MILLIS);
                try {
                    if (in.read() < 0) {
                        return; // the client half-closed while the request was being worked on: the answer is dropped
                    }
                    return; // a byte after a request without a body: not this server's business
                } catch (SocketTimeoutException e) {
                    s.setSoTimeout(0);
                }
                boolean echo = head.startsWith("POST /echo HTTP/1.1\r\n");
                boolean ok = echo || head.startsWith("GET / HTTP/1.1\r\n") || head.startsWith("GET /echo HTTP/1.1\r\n");
                String body = echo ? new String(requestBody, StandardCharsets.UTF_8) : ok ? "[]" : "bad request";
                out.write(((ok ? "HTTP/1.1 200 OK" : "HTTP/1.1 400 Bad Request") + "\r\nContent-Length: "
                        + body.length() + "\r\n" + (ok ? "" : "Connection: close\r\n") + "\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (!ok) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // One connection's trouble is not the server's.
        }
    }
}
