package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.lifecycle.InFlightRequest;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Spec 3.4.5: what the grace period cuts off. A request still running when the grace ends is cut off and the server
 * exits 0; a head sent in part at the signal is closed or answered. A class of its own (the rest of 3.4 is
 * {@link Section3_4_ShutdownTest} and {@link Section3_4_SuccessorTest}) because its first case waits out a whole
 * grace period, and the cases of one class run one after another.
 */
@ConformanceTest
@Order(1) // mostly waiting on timers of seconds (junit-platform.properties: started first)
class Section3_4_CutOffTest {

    /**
     * 3.4.5: a {@code sleep} of a minute is still running when the grace period ends: it is cut off and the server
     * exits 0 before the kit's SIGKILL (8.2.3). A server that waits for every request would be killed.
     */
    @Test
    @Clause("3.4.5")
    void aRequestOutlastingTheGraceIsCutOffAndTheServerExits0(TargetSession target) throws IOException {
        target.requireLaunchMode("this case signals a target instance of its own");
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        try (InFlightRequest inFlight = InFlightRequest.send(target, p.socket(), 60_000)) {
            p.process().terminate();
            target.evidence().note("sent SIGTERM while POST /sleep [60000] was in progress");
            // The kit's grace (8.2.3) plus its "must happen" deadline: far below the sleep's minute, so only a
            // server that waits for the sleep misses it, and a loaded machine's slow exit does not.
            Duration limit = target.timeouts().grace().plus(target.timeouts().within());
            OptionalInt code = p.awaitExit(limit);
            assertThat(code).as("exit status within %d ms of SIGTERM while a 60-second sleep ran (Expected: 0, the "
                    + "sleep cut off when the 5 to 8 s grace ends; Actual empty: still running)", limit.toMillis())
                    .hasValue(0);
        }
    }

    /**
     * 3.4.5, either reading: a connection that has sent part of a head at the signal may be closed without a
     * response, or its request read and answered once the rest arrives. Either way the server exits 0 in time.
     */
    @Test
    @Clause("3.4.5")
    void aPartialHeadAtTheSignalIsClosedOrAnswered(TargetSession target) throws IOException {
        target.requireLaunchMode("this case signals a target instance of its own");
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        try (RawConnection c = target.connect(p.socket(), "a head sent in part before SIGTERM")) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
            try (RawConnection other = target.connect(p.socket(), "a whole request, after the partial head")) {
                target.assertServing(other.exchange(target.servingRequest(Request.get("/echo"))), "a whole request "
                        + "while the other head is in part");
            }
            p.process().terminate();
            target.evidence().note("sent SIGTERM with part of a head sent on another connection");
            Optional<HttpResponse> r;
            try {
                c.send("ngth: 5\r\nConnection: close\r\n\r\n[\"p\"]");
                r = c.readOrClose();
            } catch (IOException closed) {
                target.evidence().note("the rest of the head could not be sent: the server had closed ("
                        + closed.getMessage() + ")");
                r = Optional.empty();
            }
            if (r.isPresent() && r.get().status() == 503) {
                // The note of 3.4.5: a refusal because the server is stopping closes the request, with a reason.
                target.evidence().note("reading taken: the partial head's request was refused with 503 (the note of "
                        + "3.4.5: a way of closing it)");
            } else if (r.isPresent()) {
                target.evidence().note("reading taken: the partial head was read and answered");
                target.assertServing(r.get(), "the request completed after SIGTERM (when answered)");
            } else {
                target.evidence().note("reading taken: the partial head's connection was closed");
            }
        }
        OptionalInt code = p.awaitExit(target.timeouts().grace());
        assertThat(code).as("exit status after SIGTERM with a partial head (Expected: 0 within the %d ms grace)",
                target.timeouts().grace().toMillis()).hasValue(0);
    }
}
