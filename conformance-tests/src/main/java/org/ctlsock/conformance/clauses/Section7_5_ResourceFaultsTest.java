package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.RunAs;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.load.Crowd;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Spec 7.5: a shortage of threads or memory costs only the connections it hits, and once it ends a
 * new client is answered. The kit makes the shortage itself: it starts the target under {@code
 * prlimit --nproc} as a uid of its own, and it sends bodies within the default limits whose parsed
 * form is many times their size to an instance whose runtime gets a small heap where the kit can set
 * one ({@code JAVA_TOOL_OPTIONS=-Xmx64m}, {@code NODE_OPTIONS=--max-old-space-size=64}); other
 * runtimes meet the machine's memory. The checks are outcomes, never times: every connection got a
 * status the clause allows (or a close), none hung, and a fresh client got 200 afterwards. Many amplifying
 * bodies held at once by sleeps are {@link Section7_5_HeldBodiesTest}, which needs no isolation.
 */
@ConformanceTest
@Isolated("a process limit and memory-amplifying bodies: the machine to itself, or a slow correct server misses a deadline")
class Section7_5_ResourceFaultsTest {
    /** Processes and threads the limited uid may have: a JVM needs about 20 to start, Python 1, Go and Node a few. */
    private static final int NPROC = 80;
    /** Twice the limit: most connections find no thread to serve them (on a thread-per-connection server). */
    private static final int FLOOD = 160;
    private static final int LARGEST_BODY = 16 * 1024 * 1024;

    @Test
    @Clause("7.5.1")
    void underAProcessLimitAFloodCostsOnlyTheConnectionsItHits(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        KitIdentity.requireRootAndSetpriv("running the target as a uid of its own under a process limit");
        if (!KitSettings.onPath("prlimit")) {
            throw new NotApplicable("prlimit (util-linux) is not on the PATH: it sets the target's process limit");
        }
        Identity limited = TestUsers.THREAD_LIMITED;
        try (ScratchDirectory layout = ScratchDirectory.create(0755)) {
            Path dir = layout.directory("limited", 0700, limited.uid(), limited.gid());
            List<String> wrapper = new ArrayList<>(List.of("prlimit", "--nproc=" + NPROC));
            wrapper.addAll(RunAs.wrapper(limited));
            ServerProcess p = target.launch(LaunchOptions.defaults().wrapper(wrapper).socketPath(dir.resolve("ctl.sock")));
            p.awaitReady();
            evidence.note("the target runs as " + limited.describe() + " under prlimit --nproc=" + NPROC
                    + " (RLIMIT_NPROC counts every process and thread of the uid); " + FLOOD
                    + " connections open at once, then GET /nothing on each");
            try (Crowd crowd = Crowd.connect(p.socket(), FLOOD, target.timeouts().within())) {
                crowd.exchangeAll(ResourceFaults.bytes("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"), ResourceFaults.crowdDeadline(target));
                evidence.note("answers: " + crowd.summary());
                assertThat(crowd.outside(Set.of(200, 503), true))
                        .as("Expected: each of %d connections under a %d-process limit answered 200 or 503, or closed%n"
                                + "Actual: %s", FLOOD, NPROC, crowd.summary())
                        .isEmpty();
            }
            ResourceFaults.assertFreshClientAnswered(target, p, "after " + FLOOD + " connections under prlimit --nproc=" + NPROC);
            // How it stops is not this clause's question, and under its process limit the target may have no thread
            // left to run its shutdown: a SIGTERM would only make the case wait out the grace period.
            killWithItsChildren(p, evidence);
        }
    }

    private static void killWithItsChildren(ServerProcess p, Evidence evidence) {
        List<ProcessHandle> children = p.process().process().descendants().toList();
        p.process().kill();
        children.forEach(ProcessHandle::destroyForcibly);
        evidence.note("the kit stopped the limited instance with SIGKILL (its shutdown is not under test here)");
    }

    @Test
    @Clause("7.5.2")
    void deepAndWideBodiesOfTheLargestSizeGetAStatus(TargetSession target) {
        Evidence evidence = target.evidence();
        ServerProcess p = ResourceFaults.smallHeapInstance(target, evidence);
        int depth = 500; // within the nesting every server accepts (5.3.6 allows refusing deeper)
        List<String> bodies = List.of("[]", "{}", "[[]]", "{\"a\":0}", "1e5");
        for (String element : bodies) {
            byte[] body = ResourceFaults.repeated(element, LARGEST_BODY);
            checkOne(target, p, evidence, "/echo", body, "a " + body.length + "-byte body [" + element + "," + element
                    + ",…]");
        }
        byte[] deep = ("[" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "]").getBytes(StandardCharsets.US_ASCII);
        checkOne(target, p, evidence, "/echo", deep, "arrays nested " + depth + " deep");
    }

    private static void checkOne(TargetSession target, ServerProcess p, Evidence evidence, String path, byte[] body,
            String what) {
        // A 16 MiB body takes a while to parse and write back in some runtimes: three times the deadline.
        try (Crowd one = Crowd.connect(p.socket(), 1, target.timeouts().within().multipliedBy(3))) {
            one.exchangeAll(ResourceFaults.post(path, body), target.timeouts().within().multipliedBy(3));
            evidence.note(what + " to " + path + ": " + one.summary());
            assertThat(one.outside(Set.of(200, 400, 413, 503), false))
                    .as("Expected: %s within the limits answered with a status (200, or 413/503 when the server "
                            + "cannot afford it; 400 only for nesting over its limit)%nActual: %s", what, one.summary())
                    .isEmpty();
        }
        ResourceFaults.assertFreshClientAnswered(target, p, "after " + what);
    }
}
