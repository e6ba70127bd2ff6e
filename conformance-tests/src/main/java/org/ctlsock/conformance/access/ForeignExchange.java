package org.ctlsock.conformance.access;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.WireLog;

/**
 * What one request sent by a {@link ForeignClient} (a client running as another user) came to.
 *
 * @param outcome whether the connection was made and answered, refused by the permission check, or failed otherwise
 * @param received every byte the server sent until it closed (or until the deadline: {@code closed} false)
 * @param message the connect error for DENIED and FAILED
 */
public record ForeignExchange(Identity who, Path socket, Outcome outcome, byte[] sent, byte[] received, boolean closed,
        String message) {

    /** How the attempt ended. */
    public enum Outcome {
        /** connect(2) succeeded and the request was sent; see {@link #received()}. */
        ANSWERED,
        /** connect(2) failed with EACCES: the kernel's permission check refused it. */
        DENIED,
        /** anything else: no such file, connection refused, a reset, … */
        FAILED
    }

    public boolean connected() {
        return outcome == Outcome.ANSWERED;
    }

    /** The server's (first) response, parsed strictly; empty when it sent none. */
    public Optional<HttpResponse> response() throws IOException {
        return HttpResponse.firstIn(received, false);
    }

    /** One line for messages: "connected, answered 200" / "connect refused: Permission denied". */
    public String summary() {
        return switch (outcome) {
            case ANSWERED -> {
                String first;
                try {
                    first = response().map(HttpResponse::statusLine).orElse("no response, the server closed");
                } catch (IOException | AssertionError e) {
                    first = "a malformed response (" + e.getMessage() + ")";
                }
                yield "connected; " + first + (closed ? "" : " (connection still open at the deadline)");
            }
            case DENIED -> "connect(2) refused by the permission check: " + message;
            case FAILED -> "failed: " + message;
        };
    }

    /** Copies the exchange into a case's wire log, so the evidence shows it as if the kit had sent it. */
    public void writeTo(WireLog log) {
        log.note("a client running as " + who.describe() + " connects to " + socket);
        if (outcome != Outcome.ANSWERED) {
            log.note(summary());
            return;
        }
        log.sent(sent, 0, sent.length);
        if (received.length > 0) {
            log.received(received, 0, received.length);
        }
        log.note(closed ? "the server closed the connection" : "the deadline passed with the connection still open");
    }
}
