package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.junit.jupiter.api.Test;

/**
 * Spec 7.1: the request line and header section a server must accept (4096 / 8192 bytes) and what it
 * does with ones over the default maximum (64 KiB, 1000 fields).
 *
 * <p>Sizes count bytes as sent. The request line is counted without its CRLF (RFC 9112's
 * {@code request-line}); the header section is counted with every CRLF including the blank line that
 * ends it, which is the stricter reading for "up to 8192 bytes" (a server that counts less still sees
 * at most 8192).
 */
@ConformanceTest
class Section7_1_RequestLineAndHeaderTest {
    private static final int LINE_MINIMUM = 4096;
    private static final int HEAD_MINIMUM = 8192;
    /** The most header fields every server accepts (7.1.1); its count limit may be anywhere from here to 1000. */
    private static final int FIELD_MINIMUM = 100;
    private static final int DEFAULT_MAXIMUM = 65536;

    /** {@code GET /echo?pad=aaa… HTTP/1.1} of exactly {@code length} bytes (CRLF not counted). */
    private static String requestLine(int length) {
        String prefix = "GET /echo?pad=";
        String suffix = " HTTP/1.1";
        return prefix + "a".repeat(length - prefix.length() - suffix.length()) + suffix;
    }

    /**
     * A complete head of exactly {@code total} bytes: the request line, Host, {@code fields} (each ending
     * in CRLF), padding fields with values of {@code fieldValueLength} bytes (the last one shorter), and
     * the blank line.
     */
    private static String headOfExactly(String requestLine, String fields, int total, int fieldValueLength) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: x\r\n").append(fields);
        int n = 0;
        while (true) {
            String name = "X-Pad-" + (++n) + ": ";
            int left = total - head.length() - 2; // room before the final blank line
            int full = name.length() + fieldValueLength + 2;
            if (left >= full + name.length() + 8) {
                head.append(name).append("b".repeat(fieldValueLength)).append("\r\n");
            } else {
                head.append(name).append("b".repeat(left - name.length() - 2)).append("\r\n");
                break;
            }
        }
        head.append("\r\n");
        if (head.length() != total) {
            throw new IllegalStateException("built a head of " + head.length() + " bytes instead of " + total);
        }
        return head.toString();
    }

    @Test
    @Clause("7.1.1")
    void acceptsA4096ByteRequestLine(TargetSession target) throws IOException {
        String line = requestLine(LINE_MINIMUM);
        try (RawConnection c = target.connect("request line of 4096 bytes")) {
            c.send(line + "\r\nHost: x\r\n\r\n");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of GET /echo with a request line of exactly %d bytes", LINE_MINIMUM)
                    .isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo (the query string is not an argument)").isEqualTo("[]");
        }
    }

    @Test
    @Clause("7.1.1")
    void acceptsAn8192ByteHeadWithA4096ByteRequestLine(TargetSession target) throws IOException {
        String head = headOfExactly(requestLine(LINE_MINIMUM), "", HEAD_MINIMUM, 1000);
        try (RawConnection c = target.connect("head of 8192 bytes")) {
            c.send(head);
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of a request whose head (request line of %d bytes, fields, CRLFs) is "
                    + "exactly %d bytes", LINE_MINIMUM, HEAD_MINIMUM).isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo").isEqualTo("[]");
        }
    }

    @Test
    @Clause("7.1.1")
    void acceptsAn8192ByteHeadOfManySmallFields(TargetSession target) throws IOException {
        // Values of 72 bytes keep the head at 99 fields: 7.1.1 promises 8192 bytes only up to 100 fields.
        String head = headOfExactly("POST /echo HTTP/1.1", "Content-Length: 3\r\n", HEAD_MINIMUM, 72);
        try (RawConnection c = target.connect("head of 8192 bytes in small fields")) {
            c.send(head + "[7]");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of POST /echo with a %d-byte head of %d fields", head.length(),
                    head.split("\r\n").length - 1).isEqualTo(200);
            assertThat(r.bodyText()).as("body of POST /echo [7]").isEqualTo("[7]");
        }
    }

    /** 100 header fields, the fewest a server's count limit may refuse above (7.1.1), are accepted. */
    @Test
    @Clause("7.1.1")
    void acceptsAHeadOf100Fields(TargetSession target) throws IOException {
        StringBuilder head = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 2; i <= FIELD_MINIMUM; i++) {
            head.append("X-F-").append(i).append(": v\r\n");
        }
        try (RawConnection c = target.connect("head of 100 fields")) {
            c.send(head.append("\r\n").toString());
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of GET /echo with %d header fields (%d bytes of head)", FIELD_MINIMUM,
                    head.length()).isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo").isEqualTo("[]");
        }
    }

    /**
     * The line is sent without its CRLF (and without the version): the server has to answer from the
     * bytes it has, "without waiting for more than the head". 65537 bytes is the shortest line the clause
     * covers. (Much longer lines are not sent: a server that answers and closes early makes the kit's
     * write fail, and junixsocket then drops the connection with the answer still unread.)
     */
    @Test
    @Clause("7.1.2")
    void answersAnOverlongRequestLineWithoutWaitingForItsEnd(TargetSession target) throws IOException {
        try (RawConnection c = target.connect("request line of 65537 bytes, unfinished")) {
            HttpResponse r = sendOverlongLine(c, DEFAULT_MAXIMUM + 1);
            assertThat(r.status()).as("status of a request line of %d bytes (no CRLF sent yet)", DEFAULT_MAXIMUM + 1)
                    .isIn(414, 431);
            assertThat(c.awaitClose(target.timeouts().within()))
                    .as("the server closes the connection after answering an over-long request line").isTrue();
        }
    }

    /**
     * Sends {@code GET /echo?aaaa…} of {@code length} bytes with no line end, then reads the answer. The
     * server may close (and so make a later write fail) once it has seen enough: what it sent before
     * closing is the answer.
     */
    private static HttpResponse sendOverlongLine(RawConnection c, int length) throws IOException {
        byte[] line = ("GET /echo?" + "a".repeat(length - 10)).getBytes(StandardCharsets.US_ASCII);
        try {
            c.send(line);
        } catch (IOException e) {
            c.log().note("the server stopped reading before the whole line was sent (" + e.getMessage() + ")");
        }
        Optional<HttpResponse> r = c.readOrClose();
        assertThat(r).as("a response to an over-long request line (the server closed without answering)").isPresent();
        return r.get();
    }

    @Test
    @Clause("7.1.3")
    void answersAnOverlongHeaderSection(TargetSession target) throws IOException {
        int total = DEFAULT_MAXIMUM + 1024;
        String head = headOfExactly("GET /echo HTTP/1.1", "", total, 1000);
        try (RawConnection c = target.connect("head of 66560 bytes in 1000-byte fields")) {
            try {
                c.send(head);
            } catch (IOException e) {
                c.log().note("the server stopped reading before the whole head was sent (" + e.getMessage() + ")");
            }
            Optional<HttpResponse> r = c.readOrClose();
            assertThat(r).as("a response to a head of %d bytes", total).isPresent();
            assertThat(r.get().status()).as("status of a request whose header section is %d bytes (%d fields)", total,
                    head.split("\r\n").length - 2).isIn(431, 400);
            assertThat(c.awaitClose(target.timeouts().within()))
                    .as("the server closes the connection after answering an over-long header section").isTrue();
        }
    }

    @Test
    @Clause("7.1.3")
    void answersMoreThan1000HeaderFields(TargetSession target) throws IOException {
        StringBuilder head = new StringBuilder("GET /echo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 1; i <= 1000; i++) {
            head.append("X-F").append(i).append(": v\r\n");
        }
        head.append("\r\n");
        try (RawConnection c = target.connect("1001 header fields, about 13 KB")) {
            try {
                c.send(head.toString());
            } catch (IOException e) {
                c.log().note("the server stopped reading before the whole head was sent (" + e.getMessage() + ")");
            }
            Optional<HttpResponse> r = c.readOrClose();
            assertThat(r).as("a response to a head of 1001 fields").isPresent();
            assertThat(r.get().status()).as("status of a request with 1001 header fields (Host and 1000 others) "
                    + "in %d bytes", head.length()).isIn(431, 400);
            assertThat(c.awaitClose(target.timeouts().within()))
                    .as("the server closes the connection after answering a head with too many fields").isTrue();
        }
    }

    @Test
    @Clause("7.1.4")
    void answersAnOverlongRequestLineWith414(TargetSession target) throws IOException {
        try (RawConnection c = target.connect("request line of 65537 bytes, unfinished")) {
            HttpResponse r = sendOverlongLine(c, DEFAULT_MAXIMUM + 1);
            assertThat(r.status()).as("status of a request line of %d bytes", DEFAULT_MAXIMUM + 1).isEqualTo(414);
        }
    }
}
