package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/**
 * Spec 7.2: request bodies of 1 MiB are accepted; bodies over the default 16 MiB are answered 413 — with
 * Content-Length as soon as the head is read, with chunked coding while the body is still coming.
 *
 * <p>The over-long bodies are the start of a valid JSON text ({@code ["aaa…}, an unterminated string),
 * so that a server that parses as it reads has no reason to answer 400 before the limit.
 */
@ConformanceTest
class Section7_2_BodyTest {
    private static final int ONE_MIB = 1 << 20;
    private static final long DEFAULT_LIMIT = 16L << 20;

    /** {@code ["aaa…a"]} of exactly {@code length} bytes. */
    private static byte[] arrayOfOneString(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 'a');
        b[0] = '[';
        b[1] = '"';
        b[length - 2] = '"';
        b[length - 1] = ']';
        return b;
    }

    @Test
    @Clause("7.2.1")
    void acceptsAndEchoesA1MiBBody(TargetSession target) throws IOException {
        byte[] body = arrayOfOneString(ONE_MIB);
        HttpResponse r = target.call(Request.post("/echo").body(body));
        assertThat(r.status()).as("status of POST /echo with a body of exactly 1048576 bytes").isEqualTo(200);
        assertThat(r.body().length).as("length of the echoed body").isEqualTo(ONE_MIB);
        assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(body)))
                .as("the echoed body is the same JSON value as the 1 MiB body sent").isTrue();
    }

    @Test
    @Clause("7.2.1")
    void acceptsA1MiBChunkedBody(TargetSession target) throws IOException {
        byte[] body = arrayOfOneString(ONE_MIB);
        List<byte[]> chunks = new ArrayList<>();
        for (int off = 0; off < body.length; off += 65536) {
            chunks.add(Arrays.copyOfRange(body, off, Math.min(body.length, off + 65536)));
        }
        HttpResponse r = target.call(Request.post("/echo").chunked(chunks));
        assertThat(r.status()).as("status of POST /echo with a chunked body of 1048576 bytes in 16 chunks")
                .isEqualTo(200);
        assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(body)))
                .as("the echoed body is the same JSON value as the 1 MiB body sent").isTrue();
    }

    /**
     * Only the head is sent: a server that waits for the body before answering never answers, and the
     * read fails at the "within" deadline.
     */
    @Test
    @Clause("7.2.2")
    void answers413ToAnOverlongContentLengthBeforeTheBody(TargetSession target) throws IOException {
        try (RawConnection c = target.connect("head announcing 16 MiB + 1, no body sent")) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + (DEFAULT_LIMIT + 1) + "\r\n\r\n");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of a request announcing Content-Length: %d, read before any byte of "
                    + "the body was sent", DEFAULT_LIMIT + 1).isEqualTo(413);
        }
    }

    /**
     * A chunked body has no length up front: the server learns it is over the limit while reading. The
     * kit keeps sending (in a second thread) while it waits for the answer, up to 16 MiB + 64 KiB and
     * the last chunk; if the server answers and stops reading earlier, the writes fail, which is fine.
     */
    @Test
    @Clause("7.2.2")
    void answers413ToAChunkedBodyThatGrowsOverTheLimit(TargetSession target) throws IOException {
        try (RawConnection c = target.connect("chunked body growing past 16 MiB")) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            long total = DEFAULT_LIMIT + 65536;
            BodyStreamer streamer = BodyStreamer.start(c, total);
            Optional<HttpResponse> r = c.readOrClose();
            streamer.stopAndNote();
            assertThat(r).as("a response to a chunked body of %d bytes", total).isPresent();
            assertThat(r.get().status()).as("status of a request whose chunked body grows to %d bytes", total)
                    .isEqualTo(413);
        }
    }

    /**
     * Sends a chunked body of {@code total} bytes ({@code ["aaa…}) in 64 KiB chunks from its own thread,
     * until done or until a write fails because the server stopped reading.
     */
    private static final class BodyStreamer {
        private static final int PIECE = 65536;
        private final RawConnection c;
        private final long total;
        private final AtomicLong sent = new AtomicLong();
        private volatile String stoppedBy;
        private volatile boolean stop;
        private Thread thread;

        private BodyStreamer(RawConnection c, long total) {
            this.c = c;
            this.total = total;
        }

        static BodyStreamer start(RawConnection c, long total) {
            BodyStreamer s = new BodyStreamer(c, total);
            s.thread = new Thread(s::run, "ctlsock-body-streamer");
            s.thread.setDaemon(true);
            s.thread.start();
            return s;
        }

        private void run() {
            byte[] piece = new byte[PIECE];
            Arrays.fill(piece, (byte) 'a');
            byte[] first = piece.clone();
            first[0] = '[';
            first[1] = '"';
            byte[] chunkHead = (Integer.toHexString(PIECE) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                while (!stop && sent.get() < total) {
                    byte[] data = sent.get() == 0 ? first : piece;
                    byte[] framed = new byte[chunkHead.length + PIECE + crlf.length];
                    System.arraycopy(chunkHead, 0, framed, 0, chunkHead.length);
                    System.arraycopy(data, 0, framed, chunkHead.length, PIECE);
                    System.arraycopy(crlf, 0, framed, chunkHead.length + PIECE, crlf.length);
                    c.send(framed);
                    sent.addAndGet(PIECE);
                }
                if (!stop) {
                    c.send("0\r\n\r\n");
                }
                stoppedBy = stop ? "the response arrived" : "the whole body was sent";
            } catch (IOException e) {
                stoppedBy = "a write failed (the server stopped reading): " + e.getMessage();
            }
        }

        /**
         * Stops sending and records in the wire log how much of the body went out. It does not wait for
         * the sending thread: a write blocked on a server that no longer reads ends when the case closes
         * the connection.
         */
        void stopAndNote() {
            stop = true;
            c.log().note("body bytes sent when the response had been read: " + sent.get() + " of " + total
                    + (stoppedBy == null ? "" : "; the sender had stopped because " + stoppedBy));
        }
    }
}
