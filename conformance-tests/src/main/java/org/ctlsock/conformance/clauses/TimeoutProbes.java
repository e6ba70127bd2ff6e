package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * The connections that 7.3.1 and 9.6.1 watch: one idle after a request, one whose request head stopped
 * half-way; and instances started with chosen timeouts through the option words of the {@code timeouts}
 * capability (spec 9.6.1), so that both timeouts are seen to fire in seconds instead of minutes.
 */
final class TimeoutProbes {
    /** A timeout no case waits out: with it, the other option alone must decide (9.6.1). */
    static final String HOUR = "3600";
    /** The shortest timeout 9.6.1 makes every server accept, in seconds. */
    static final String SECOND = "1";
    /** The start of a request that never goes on. */
    static final String HALF_A_HEAD = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le";
    private static final Duration POLL = Duration.ofMillis(100);

    private TimeoutProbes() {
    }

    /** Whether 7.3.1 can be checked in seconds: the target claims {@code timeouts} and the kit starts it. */
    static boolean adjustable(TargetSession target) {
        return target.claims(Capability.TIMEOUTS) && !target.settings().isAttached();
    }

    /** An instance of the case's own with the given timeouts, in seconds, ready. */
    static ServerProcess launchWith(TargetSession target, String idleSeconds, String readSeconds) {
        return target.launchReady(LaunchOptions.defaults()
                .options(List.of("--idle-timeout", idleSeconds, "--read-timeout", readSeconds)));
    }

    /** How long to wait for a timeout of {@code seconds} to fire: the timeout plus the usual "within". */
    static Duration limitFor(TargetSession target, String seconds) {
        return Duration.ofSeconds(Long.parseLong(seconds)).plus(target.timeouts().within());
    }

    /** A connection that was answered one request and then sends nothing. */
    static RawConnection idleAfterOneRequest(TargetSession target, ServerProcess p) throws IOException {
        RawConnection c = p == null ? target.connect("idle after one request")
                : target.connect(p.socket(), "idle after one request");
        HttpResponse r = c.exchange(Request.get("/echo"));
        assertThat(r.status()).as("status of GET /echo before going idle").isEqualTo(200);
        return c;
    }

    /** A connection on which a request head stopped half-way. */
    static RawConnection halfSentRequest(TargetSession target, ServerProcess p) throws IOException {
        RawConnection c = p == null ? target.connect("request head sent half-way")
                : target.connect(p.socket(), "request head sent half-way");
        c.send(HALF_A_HEAD);
        return c;
    }

    /**
     * What the server did about a request that stopped arriving, watched for up to {@code limit}: it
     * closed the connection, or answered (the text of its answer as far as its status line); empty text
     * and an open connection when nothing happened.
     */
    static ReadTimeoutSeen awaitReadTimeout(RawConnection c, Duration limit) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!c.isPeerClosed() && !got.toString(StandardCharsets.ISO_8859_1).contains("\r\n")
                && System.nanoTime() < deadline) {
            got.writeBytes(c.unsolicitedBytes(POLL));
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        c.log().note("watched " + waited + " ms for the read timeout");
        return new ReadTimeoutSeen(got.toString(StandardCharsets.ISO_8859_1), c.isPeerClosed(), waited);
    }

    /**
     * @param sent what the server sent (empty when nothing)
     * @param closed whether it closed the connection
     */
    record ReadTimeoutSeen(String sent, boolean closed, long waitedMillis) {
        /** 408, or a close with nothing sent: what 7.3.1 asks for. */
        boolean timedOut() {
            return sent.startsWith("HTTP/1.1 408") || sent.startsWith("HTTP/1.0 408") || (closed && sent.isEmpty());
        }

        boolean nothingHappened() {
            return sent.isEmpty() && !closed;
        }

        @Override
        public String toString() {
            String what = sent.isEmpty() ? "sent nothing" : "sent \"" + sent.strip() + "\"";
            return what + (closed ? " and closed the connection" : ", connection open") + " (watched " + waitedMillis
                    + " ms)";
        }
    }
}
