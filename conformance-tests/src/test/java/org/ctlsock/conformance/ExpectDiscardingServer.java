package org.ctlsock.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A target that takes the second reading of spec 4.3.7, which none of the repository's servers takes: a request
 * with {@code Expect: 100-continue} that it refuses from its head (unknown command, wrong method) gets its 404 or
 * 405 on a connection kept open, and the body the client sends anyway is read and discarded. It knows only what
 * the 4.3.7 case and the readiness probe send: {@code echo} (GET or POST, echoing the body), {@code echo-post}
 * (POST only). Usage: {@code ExpectDiscardingServer SOCKET}.
 */
public final class ExpectDiscardingServer {
    private ExpectDiscardingServer() {
    }

    public static void main(String[] args) throws IOException {
        CannedServer.acceptForever(args, ExpectDiscardingServer::serve);
    }

    private static void serve(AFUNIXSocket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = CannedServer.readHead(in);
                if (head == null) {
                    return;
                }
                String lower = head.toLowerCase(Locale.ROOT);
                String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = line[0];
                String path = line[1];
                int length = CannedServer.contentLength(head);
                boolean expects = lower.contains("\r\nexpect: 100-continue");
                boolean known = path.equals("/echo") || path.equals("/echo-post");
                boolean allowed = path.equals("/echo") ? method.equals("GET") || method.equals("POST")
                        : method.equals("POST");
                if (!known || !allowed) {
                    String status = known ? "405 Method Not Allowed\r\nAllow: " + (path.equals("/echo") ? "GET, POST"
                            : "POST") : "404 Not Found";
                    write(out, status, "text/plain", "refused");
                    in.readNBytes(length); // the second reading: the body comes anyway, and is discarded
                    continue;
                }
                if (expects && length > 0) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = in.readNBytes(length);
                write(out, "200 OK", "application/json", length == 0 ? "[]" : new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // One connection's trouble is not the server's.
        }
    }


    private static void write(OutputStream out, String status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }
}
