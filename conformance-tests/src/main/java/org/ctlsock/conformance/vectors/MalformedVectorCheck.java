package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * Runs one vector of the malformed-input corpus (fixtures/vectors/malformed/README.md, "How a kit runs
 * one vector"): its bytes on a fresh connection, its responses checked in order, and then a normal
 * request on a new connection, so that a server that died or hangs fails the vector that did it.
 */
public final class MalformedVectorCheck {
    /**
     * Requests up to this size fit in the socket's buffers and are written at once; longer ones are
     * written by a helper thread while the kit reads, because a server may answer from the head (413,
     * 414, 431) and close without reading the rest.
     */
    private static final int WRITE_AT_ONCE = 64 * 1024;

    private MalformedVectorCheck() {
    }

    public static void run(Vector v, TargetSession target) throws IOException {
        // The path of the instance this vector is sent to: the check afterwards must reach the same one,
        // not a replacement that target.connect() would start if this one died.
        VectorCheck.requireJudgeableWithoutCommands(target, v.expectations());
        Path socket = target.socket();
        try (RawConnection c = target.connect(socket, v.name())) {
            CompletableFuture<Void> sent = send(c, v.request());
            List<JsonNode> expectations = v.expectations();
            boolean closed = false;
            boolean closeAnnounced = false;
            boolean halfClosePending = v.halfClose();
            for (int i = 0; i < expectations.size() && !closed; i++) {
                halfClosePending = halfClosePending && !halfCloseIfWaiting(c, target, sent);
                JsonNode expect = expectations.get(i);
                String which = i == 0 ? "the response" : "response " + (i + 1) + " (pipelined)";
                Optional<HttpResponse> r = VectorCheck.readFinalOrClose(c, v.isHead());
                if (r.isEmpty() && i > 0 && closeAnnounced && !expect.path("orClose").asBoolean(false)) {
                    // RFC 9112 §9.6: after a response with Connection: close the server reads nothing more, so the
                    // rest of the pipeline, and what this vector is about, went unanswered by the server's right.
                    throw new NotApplicable(which + " was not sent: the previous response said `Connection: close` "
                            + "(RFC 9112 §9.6), so the rest of the pipeline could not be judged");
                }
                if (r.isEmpty()) {
                    assertThat(expect.path("orClose").asBoolean(false))
                            .as("%s: the server closed the connection without it (this vector requires a response "
                                    + "here; %s)", which, VectorCheck.accepted(expect)).isTrue();
                    closed = true;
                    continue;
                }
                closeAnnounced = r.get().headerHasToken("Connection", "close");
                VectorCheck.requireBodyReachedWithoutCommands(target, v, r.get());
                try {
                    VectorCheck.checkResponse(r.get(), expect, v.request());
                } catch (AssertionError e) {
                    throw new AssertionError(which + ": " + e.getMessage(), e);
                }
                if (expect.has("connection")) {
                    VectorCheck.checkConnection(c, expect, target, v);
                    closed = c.isPeerClosed();
                }
            }
            if (v.thenClosed() && !closed) {
                halfClosePending = halfClosePending && !halfCloseIfWaiting(c, target, sent);
                Optional<HttpResponse> extra = VectorCheck.readFinalOrClose(c, v.isHead());
                assertThat(extra.map(x -> x.status() + " " + x.reason()))
                        .as("after the answer to the invalid framing, the server must close without answering the "
                                + "bytes that followed (4.3.4)").isEmpty();
            }
            sent.cancel(true);
        }
        checkStillServing(target, socket);
    }

    /**
     * Writes the request, on a helper thread when it is long. Never half-closes: that comes before each read, and
     * only once the whole request is written and the server has not begun to answer within {@code during} (see
     * {@link #halfCloseIfWaiting}), so a whole request is answered without the kit's EOF, long or short, and only a
     * cut-off one gets it (the note of 4.2: a half-close is 4.2.1's question, not every vector's).
     */
    private static CompletableFuture<Void> send(RawConnection c, byte[] request) throws IOException {
        if (request.length <= WRITE_AT_ONCE) {
            writeTolerant(c, request, false);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                writeTolerant(c, request, false);
            } catch (IOException e) {
                c.log().note("the kit stopped writing: " + e.getMessage());
            }
        });
    }

    /**
     * Writes a request and half-closes: the server then has everything it will ever get, so it must
     * answer or close instead of waiting. A server that closes before the end is tolerated (noted).
     */
    public static void sendAndHalfClose(RawConnection c, byte[] request) throws IOException {
        writeTolerant(c, request, true);
    }

    /**
     * Before a read: half-closes if the whole request is written and the server has not begun to answer within
     * "during" (it waits for bytes that never come, e.g. a cut-off request or a partial one after a whole one); true
     * when it did or cannot any more. While a long request is still being written (up to "within": a server that
     * answers from the head may stop reading) nothing is half-closed: the request is not on the wire in full yet.
     */
    private static boolean halfCloseIfWaiting(RawConnection c, TargetSession target, CompletableFuture<Void> sent) {
        try {
            sent.get(target.timeouts().within().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWriting) {
            c.log().note("the kit is still writing the request: no half-close yet");
            return false;
        } catch (ExecutionException e) {
            // the writer notes its own failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        try {
            return c.shutdownOutputUnlessAnswered(target.timeouts().during());
        } catch (IOException e) {
            c.log().note("half-close failed (the server had closed already): " + e.getMessage());
            return true;
        }
    }

    /** Writes the request; false when the server stopped reading first. */
    private static boolean writeTolerant(RawConnection c, byte[] request, boolean halfClose) throws IOException {
        try {
            c.send(request);
        } catch (IOException e) {
            // The server may answer from the head and close before the rest arrives (7.1.2, 7.2.2):
            // what it answered is still to be read.
            c.log().note("the server stopped reading before the whole request was written: " + e.getMessage());
            return false;
        }
        if (halfClose) {
            try {
                c.shutdownOutput();
            } catch (IOException e) {
                c.log().note("half-close failed (the server had closed already): " + e.getMessage());
            }
        }
        return true;
    }

    /**
     * A normal request on a new connection to {@code socket}: the server there survived and still serves
     * others (4.2.5, 4.3.5). Connects to that path directly, so a dead server is not replaced first.
     */
    public static void checkStillServing(TargetSession target, Path socket) {
        HttpResponse alive;
        try (RawConnection c = target.connect(socket, "a normal request afterwards, on a new connection")) {
            alive = c.exchange(target.servingRequest(Request.post("/echo", "[\"alive\"]")));
        } catch (IOException e) {
            throw new AssertionError("after this request the server no longer answers a normal request on a new "
                    + "connection: " + e, e);
        }
        target.assertServing(alive, "a normal request on a new connection afterwards");
        if (!target.claims(org.ctlsock.conformance.implementation.Capability.COMMANDS)) {
            return;
        }
        assertThat(alive.bodyText()).as("body of POST /echo [\"alive\"] on a new connection afterwards")
                .isEqualTo("[\"alive\"]");
    }
}
