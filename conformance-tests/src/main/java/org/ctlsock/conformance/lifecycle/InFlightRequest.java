package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * A {@code sleep} request that the server is known to be processing (spec 3.4.1 "each request already
 * being processed"), without sleeping or parsing logs to find out: its body is padded with JSON
 * whitespace to {@value #BODY_BYTES} bytes — within the 1 MiB every server accepts (7.2.1), and several
 * times what a Unix socket buffers — so the kit's write of it returns only once the server has read the
 * head and most of the body. From then on the request is in progress, and a correct server answers it
 * 200 {@code Success} even if it is told to stop.
 */
public final class InFlightRequest implements AutoCloseable {
    /** The padded body's size: far above the default socket buffer (about 200 KiB on Linux). */
    public static final int BODY_BYTES = 1_000_000;

    private final RawConnection connection;

    private InFlightRequest(RawConnection connection) {
        this.connection = connection;
    }

    /** Sends {@code POST /sleep [millis]} with the padded body; returns when the server has read most of it. */
    public static InFlightRequest send(TargetSession target, Path socket, int sleepMillis) throws IOException {
        target.requireCommands("a request held in progress needs the command `sleep`");
        RawConnection c = target.connect(socket, "the request in flight (sleep " + sleepMillis + " ms, padded body)");
        String head = "[" + sleepMillis;
        String body = head + " ".repeat(BODY_BYTES - head.length() - 1) + "]";
        c.send(Request.post("/sleep", body).header("Content-Type", "application/json"));
        c.log().note("the whole body is written: the server has read all but at most a socket buffer of it");
        return new InFlightRequest(c);
    }

    /** Reads the response (waiting up to the "within" deadline). */
    public HttpResponse response() throws IOException {
        return connection.readFinal();
    }

    /** Reads the response on another thread, for a case that watches something else meanwhile. */
    public CompletableFuture<HttpResponse> responseAsync() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return connection.readFinal();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
