package org.ctlsock.conformance.load;

import java.io.IOException;
import java.util.Optional;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * A {@code POST /sleep [millis]} that the server has evidently read: its body is padded with JSON
 * whitespace to {@value #BODY_BYTES} bytes (within the 1 MiB every server accepts, 7.2.1, and several
 * times what a Unix socket buffers), so the kit's write returns only once the server has read the head
 * and most of the body. Known without sleeping or reading the server's logs.
 */
public final class SleepInProgress {
    public static final int BODY_BYTES = 1_000_000;
    private final RawConnection connection;

    private SleepInProgress(RawConnection connection) {
        this.connection = connection;
    }

    public static SleepInProgress send(RawConnection c, long millis) throws IOException {
        String args = "[" + millis;
        c.send(Request.post("/sleep", args + " ".repeat(BODY_BYTES - args.length() - 1) + "]"));
        c.log().note("the padded body is written: the server has read all but a socket buffer of it");
        return new SleepInProgress(c);
    }

    /** True while no byte of the answer has come and the connection is open (the sleep still runs). */
    public boolean stillPending() throws IOException {
        return connection.awaitingAnswer();
    }

    /** The final answer, or empty if the server closed without one. */
    public Optional<HttpResponse> answer() throws IOException {
        return connection.readFinalOrClose(false);
    }
}
