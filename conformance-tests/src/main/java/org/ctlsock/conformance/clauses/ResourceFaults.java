package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.load.FreshClient;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;

/** What the 7.5 cases share: the small-heap instance, "a new client is answered", request bytes. */
final class ResourceFaults {
    private ResourceFaults() {
    }

    /**
     * An instance of the case's own, with a small heap where the runtime takes one from the environment:
     * the memory-amplifying bodies then meet a shortage the way they did on the reference server 1.0.
     */
    static ServerProcess smallHeapInstance(TargetSession target, Evidence evidence) {
        ServerProcess p = target.launch(LaunchOptions.defaults().env("JAVA_TOOL_OPTIONS", "-Xmx64m")
                .env("NODE_OPTIONS", "--max-old-space-size=64"));
        p.awaitReady();
        evidence.note("the instance gets JAVA_TOOL_OPTIONS=-Xmx64m and NODE_OPTIONS=--max-old-space-size=64 "
                + "(a small heap for JVM and Node targets; other runtimes use the machine's memory)");
        return p;
    }

    /** All of a crowd's answers come within three of the kit's deadlines (on a concurrent server: one). */
    static Duration crowdDeadline(TargetSession target) {
        return target.timeouts().within().multipliedBy(3);
    }

    static void assertFreshClientAnswered(TargetSession target, ServerProcess p, String after) {
        Duration deadline = target.timeouts().within().multipliedBy(3);
        FreshClient.Result r = FreshClient.await(p, p.socket(), deadline, target.timeouts().within());
        assertThat(r.answered())
                .as("Expected: a new client answered 200 within %d ms %s%nActual: %d tries, the last: %s; target %s",
                        deadline.toMillis(), after, r.tries().size(), r.lastTries(),
                        p.process().isAlive() ? "still running" : "exited with " + p.process().exitValueText())
                .isPresent();
    }

    /** {@code [e,e,…,e]} of at most {@code size} bytes. */
    static byte[] repeated(String element, int size) {
        StringBuilder b = new StringBuilder(size).append('[').append(element);
        while (b.length() + element.length() + 2 <= size) {
            b.append(',').append(element);
        }
        return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] post(String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
