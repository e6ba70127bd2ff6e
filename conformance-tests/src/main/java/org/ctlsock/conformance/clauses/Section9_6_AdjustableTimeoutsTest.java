package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.lifecycle.StartupFailure;
import org.ctlsock.conformance.wire.RawConnection;
import org.junit.jupiter.api.Test;

/**
 * Spec 9.6: {@code --idle-timeout SECONDS} and {@code --read-timeout SECONDS} set the timeouts of 7.3.1.
 * Each case sets one of them to a second and the other to an hour, so a server that honours neither
 * option, mixes them up, or has one short timeout for both fails one of the two cases; 7.3.1's own
 * cases use these words to check the timeouts in seconds.
 */
@ConformanceTest
class Section9_6_AdjustableTimeoutsTest {

    @Test
    @Clause("9.6.1")
    void idleTimeoutAloneClosesAnIdleConnection(TargetSession target) throws IOException {
        target.requireCapability(Capability.TIMEOUTS);
        ServerProcess p = TimeoutProbes.launchWith(target, TimeoutProbes.SECOND, TimeoutProbes.HOUR);
        try (RawConnection slow = TimeoutProbes.halfSentRequest(target, p);
                RawConnection idle = TimeoutProbes.idleAfterOneRequest(target, p)) {
            Duration limit = TimeoutProbes.limitFor(target, TimeoutProbes.SECOND);
            idle.assertClosedWithin(limit, "answering one request and then hearing nothing (started with "
                    + "--idle-timeout 1)");
            // By now the half-sent request is older than the idle timeout: only --read-timeout 3600 governs it.
            TimeoutProbes.ReadTimeoutSeen seen = TimeoutProbes.awaitReadTimeout(slow, target.timeouts().during());
            assertThat(seen.nothingHappened()).as("Expected: a request that stopped half-way stays open without an "
                    + "answer under --read-timeout 3600, also once --idle-timeout 1 has passed%nActual:   the "
                    + "server %s", seen).isTrue();
        }
    }

    @Test
    @Clause("9.6.1")
    void readTimeoutAloneEndsAHalfSentRequest(TargetSession target) throws IOException {
        target.requireCapability(Capability.TIMEOUTS);
        ServerProcess p = TimeoutProbes.launchWith(target, TimeoutProbes.HOUR, TimeoutProbes.SECOND);
        try (RawConnection idle = TimeoutProbes.idleAfterOneRequest(target, p);
                RawConnection slow = TimeoutProbes.halfSentRequest(target, p)) {
            Duration limit = TimeoutProbes.limitFor(target, TimeoutProbes.SECOND);
            TimeoutProbes.ReadTimeoutSeen seen = TimeoutProbes.awaitReadTimeout(slow, limit);
            assertThat(seen.timedOut()).as("Expected: 408 or a close, within %d s, for a request that stopped "
                    + "half-way (started with --read-timeout 1)%nActual:   the server %s", limit.toSeconds(), seen)
                    .isTrue();
            // The idle connection is older than the read timeout by now: only --idle-timeout 3600 governs it.
            idle.assertStaysOpen(target.timeouts().during(), "one request, then silence for longer than "
                    + "--read-timeout 1 under --idle-timeout 3600");
        }
    }

    /** {@code x} is no number and {@code 0} no timeout: both must be refused like an unknown option (3.3.3). */
    @Test
    @Clause("9.6.1")
    void refusesAValueItDoesNotAccept(TargetSession target) {
        target.requireCapability(Capability.TIMEOUTS);
        for (String option : List.of("--idle-timeout", "--read-timeout")) {
            for (String value : List.of("x", "0")) {
                ServerProcess p = target.launch(LaunchOptions.defaults().options(List.of(option, value)));
                StartupFailure.Refusal refusal = StartupFailure.awaitRefusalUnlessServing(target, p);
                assertThat(refusal.exitCode()).as("Expected: the target exits when started with %s %s%nActual:   %s",
                        option, value, refusal.stillRunningWords()).isPresent();
                assertThat(refusal.exitCode().getAsInt()).as("exit status with %s %s", option, value).isNotZero();
                assertThat(Files.exists(p.socket(), LinkOption.NOFOLLOW_LINKS))
                        .as("whether the socket %s exists after the refused start with %s %s", p.socket(), option,
                                value).isFalse();
            }
        }
    }
}
