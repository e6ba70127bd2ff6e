package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.load.SleepInProgress;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 8: the conformance command set, and how a kit starts and stops an implementation. */
@ConformanceTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Section8_ConformanceInterfaceTest {

    // ---- 8.1 the command set ----------------------------------------------------------------------

    @Test
    @Clause("8.1.1")
    void echo(TargetSession target) throws IOException {
        HttpResponse get = target.get("/echo");
        assertThat(get.status()).as("status of GET /echo").isEqualTo(200);
        assertThat(get.mediaType()).as("media type of GET /echo").isEqualTo("application/json");
        assertThat(JsonValues.sameValue(JsonValues.parse(get.body()), JsonValues.parse("[]")))
                .as("GET /echo answers [], Actual %s", get.bodyText()).isTrue();
        HttpResponse post = target.post("/echo", "[\"b\",[2],{\"c\":3},null]");
        assertThat(post.status()).as("status of POST /echo").isEqualTo(200);
        assertThat(JsonValues.sameValue(JsonValues.parse(post.body()), JsonValues.parse("[\"b\",[2],{\"c\":3},null]")))
                .as("POST /echo answers its arguments, in order, Actual %s", post.bodyText()).isTrue();
        HttpResponse head = target.call(Request.head("/echo"));
        assertThat(head.status()).as("status of HEAD /echo").isEqualTo(200);
    }

    @Test
    @Clause("8.1.2")
    void fail(TargetSession target) throws IOException {
        HttpResponse withMessage = target.post("/fail", "[\"the message\",\"ignored\"]");
        assertThat(withMessage.status()).as("status of POST /fail [\"the message\"]").isEqualTo(500);
        assertThat(withMessage.bodyText()).as("its body has the first argument").contains("the message");
        for (String body : new String[] {"[]", "[1]", "[null]", "[[\"x\"]]"}) {
            HttpResponse r = target.post("/fail", body);
            assertThat(r.status()).as("status of POST /fail " + body).isEqualTo(500);
            assertThat(r.bodyText()).as("body of POST /fail " + body).contains("fail called");
        }
        HttpResponse get = target.get("/fail");
        assertThat(get.status()).as("status of GET /fail").isEqualTo(500);
        assertThat(get.bodyText()).as("body of GET /fail").contains("fail called");
        assertThat(target.call(Request.head("/fail")).status()).as("status of HEAD /fail").isEqualTo(500);
    }

    @ParameterizedTest(name = "[8.1.3] {0}")
    @ValueSource(strings = {"GET", "HEAD", "POST"})
    @Clause("8.1.3")
    void nothing(String method, TargetSession target) throws IOException {
        Request req = Request.method(method, "/nothing");
        if (method.equals("POST")) {
            req.body("[\"ignored\",1]");
        }
        HttpResponse r = target.call(req);
        assertThat(r.status()).as("status of " + method + " /nothing").isEqualTo(200);
        if (!method.equals("HEAD")) {
            assertThat(r.bodyText()).as("body of " + method + " /nothing").isEqualTo("Success");
        }
    }

    @Test
    @Clause("8.1.4")
    void text(TargetSession target) throws IOException {
        HttpResponse none = target.get("/text");
        assertThat(none.status()).as("status of GET /text").isEqualTo(200);
        assertThat(none.mediaType()).as("media type of GET /text").isEqualTo("text/plain");
        assertThat(none.bodyText()).as("GET /text returns the empty string").isEmpty();
        HttpResponse s = target.post("/text", "[\"first\",\"second\"]");
        assertThat(s.bodyText()).as("POST /text [\"first\",\"second\"] returns its first argument").isEqualTo("first");
        for (String bad : new String[] {"[1]", "[null]", "[true]", "[[\"a\"]]", "[{\"a\":\"b\"}]"}) {
            assertThat(target.post("/text", bad).status()).as("status of POST /text " + bad + " (not a string)")
                    .isEqualTo(500);
        }
        assertThat(target.call(Request.head("/text")).status()).as("status of HEAD /text").isEqualTo(200);
    }

    @Test
    @Clause("8.1.5")
    void value(TargetSession target) throws IOException {
        HttpResponse s = target.post("/value", "[\"str\"]");
        assertThat(s.mediaType()).as("a string is a string result: media type").isEqualTo("text/plain");
        assertThat(s.bodyText()).as("a string is a string result: body").isEqualTo("str");
        HttpResponse n = target.post("/value", "[null]");
        assertThat(n.bodyText()).as("null is nothing").isEqualTo("Success");
        HttpResponse none = target.get("/value");
        assertThat(none.bodyText()).as("no arguments is nothing").isEqualTo("Success");
        for (String v : new String[] {"7", "true", "[1,2]", "{\"a\":1}", "0.5"}) {
            HttpResponse r = target.post("/value", "[" + v + ",\"ignored\"]");
            assertThat(r.status()).as("status of POST /value [" + v + "]").isEqualTo(200);
            assertThat(r.mediaType()).as("media type of a structured value " + v).isEqualTo("application/json");
            assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(v)))
                    .as("POST /value [%s] answers %s, Actual %s", v, v, r.bodyText()).isTrue();
        }
        assertThat(target.call(Request.head("/value")).status()).as("status of HEAD /value").isEqualTo(200);
    }

    @Test
    @Clause("8.1.6")
    void sleepReturnsNothing(TargetSession target) throws IOException {
        for (Request req : List.of(Request.get("/sleep"), Request.post("/sleep", "[0]"), Request.post("/sleep", "[50]"),
                Request.post("/sleep"))) {
            HttpResponse r = target.call(req);
            assertThat(r.status()).as("status of " + req).isEqualTo(200);
            assertThat(r.bodyText()).as("body of " + req).isEqualTo("Success");
        }
        assertThat(target.call(Request.head("/sleep")).status()).as("status of HEAD /sleep").isEqualTo(200);
    }

    /**
     * First in the class, so that the shared target's long sleep is over long before the class stops it.
     * The sleep's request is padded ({@link SleepInProgress}), so the server has read it before the other
     * connection's requests are sent; then three {@code echo}s in a row must each be answered while the sleep
     * is still pending. A server that runs one command at a time could let at most a first echo slip in
     * before the sleep it had just read; three in a row cannot. Order, not elapsed time, is the evidence.
     */
    @Test
    @Order(1)
    @Clause("8.1.6")
    void othersAreServedWhileItSleeps(TargetSession target) throws IOException {
        long millis = Math.max(5000, target.timeouts().during().toMillis() * 10);
        try (RawConnection sleeperConnection = target.connect("sleeper")) {
            SleepInProgress sleeper = SleepInProgress.send(sleeperConnection, millis);
            try (RawConnection other = target.connect("other client")) {
                for (int i = 1; i <= 3; i++) {
                    String args = "[\"meanwhile " + i + "\"]";
                    HttpResponse r = other.exchange(Request.post("/echo", args));
                    assertThat(r.status()).as("status of echo #%d on another connection", i).isEqualTo(200);
                    assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(args)))
                            .as("echo #%d on another connection answers %s; body: %s", i, args, r.bodyText()).isTrue();
                    assertThat(sleeper.stillPending()).as("sleep(%d) on the first connection is still pending when "
                            + "echo #%d on another connection has been answered (Expected: pending. If the sleep was "
                            + "answered first, the echo waited for it: one command at a time)", millis, i).isTrue();
                }
            }
            // The kit does not wait for the sleep's own answer: closing the connection is enough.
        }
    }

    /**
     * A value {@code sleep} cannot take fails at once with 500: the request is well-formed, so it is the
     * command's failure (6.3.3), and it does not wait ({@code [60001]} clamped to a minute would outlast the
     * kit's read deadline and fail here as a timeout).
     */
    @ParameterizedTest(name = "[8.1.8] {0}")
    @ValueSource(strings = {"[-1]", "[60001]", "[\"x\"]", "[1.5]", "[null]", "[true]", "[[100]]"})
    @Clause("8.1.8")
    void sleepFailsAtOnceOnABadArgument(String args, TargetSession target) throws IOException {
        HttpResponse r = target.post("/sleep", args);
        assertThat(r.status()).as("status of POST /sleep %s (not an integer from 0 to 60000: the command fails)", args)
                .isEqualTo(500);
        assertThat(r.mediaType()).as("media type of the failure of POST /sleep %s", args).isEqualTo("text/plain");
    }

    /** Either is allowed (8.1.8): {@code 10.0} may count as the integer 10 (200) or as no integer (500). */
    @ParameterizedTest(name = "[8.1.8] {0}")
    @ValueSource(strings = {"[10.0]", "[1e1]"})
    @Clause("8.1.8")
    void sleepMayTakeAnIntegralNumberWrittenWithAFraction(String args, TargetSession target) throws IOException {
        HttpResponse r = target.post("/sleep", args);
        assertThat(r.status()).as("status of POST /sleep %s (200: counted as 10 ms; 500: not an integer)", args)
                .isIn(200, 500);
        if (r.status() == 200) {
            assertThat(r.bodyText()).as("body of POST /sleep %s answered 200", args).isEqualTo("Success");
        }
    }

    @Test
    @Clause("8.1.7")
    void echoPostIsEchoForPostOnly(TargetSession target) throws IOException {
        HttpResponse post = target.post("/echo-post", "[\"p\",2]");
        assertThat(post.status()).as("status of POST /echo-post").isEqualTo(200);
        assertThat(JsonValues.sameValue(JsonValues.parse(post.body()), JsonValues.parse("[\"p\",2]")))
                .as("POST /echo-post answers its arguments, Actual %s", post.bodyText()).isTrue();
        assertThat(target.post("/echo-post", "").bodyText()).as("POST /echo-post without arguments").isEqualTo("[]");
        assertThat(target.get("/echo-post").status()).as("status of GET /echo-post").isEqualTo(405);
    }

    // ---- 8.2 how a kit starts an implementation -------------------------------------------------

    @Test
    @Clause("8.2.1")
    void startsWithTheSocketPathAsOneArgument(TargetSession target) throws IOException {
        ServerProcess p = target.launch(LaunchOptions.defaults().socketName("ctl with spaces.sock"));
        p.awaitReady();
        try (RawConnection c = target.connect(p.socket(), "to a socket path with spaces")) {
            assertThat(c.exchange(Request.get("/echo")).status()).as("status on a socket path with spaces")
                    .isEqualTo(200);
        }
        assertThat(Files.exists(p.runDir().resolve("ctl"), LinkOption.NOFOLLOW_LINKS))
                .as("a file \"ctl\" (the path was split at spaces)").isFalse();
    }

    @Test
    @Clause("8.2.2")
    void runsWithEmptyStandardInput(TargetSession target, Evidence evidence) throws IOException {
        // The kit always gives the target /dev/null as standard input: it must not stop at its EOF.
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        for (int i = 0; i < 3; i++) {
            try (RawConnection c = target.connect(p.socket(), "request " + i)) {
                assertThat(c.exchange(Request.post("/echo", "[" + i + "]")).bodyText()).as("answer " + i)
                        .isEqualTo("[" + i + "]");
            }
        }
        evidence.note("watching the target for " + target.timeouts().during().toMillis() + " ms");
        assertThat(p.awaitExit(target.timeouts().during())).as("exit status of a target whose standard input is "
                + "empty, while nobody told it to stop").isEmpty();
    }

    @Test
    @Clause("8.2.2")
    void inheritsTheUmask(TargetSession target) throws IOException {
        ServerProcess p = target.launchReady(LaunchOptions.defaults().umask("077"));
        Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(p.socket(),
                LinkOption.NOFOLLOW_LINKS);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(perms))
                .as("permissions of the socket of a target started under umask 077 (0777 & ~umask)")
                .isEqualTo("rwx------");
    }

    @Test
    @Clause("8.2.3")
    void stopsOnSigterm(TargetSession target) {
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        org.ctlsock.process.StopResult stop = p.stop();
        assertThat(stop.neededKill()).as("whether the kit had to SIGKILL the target after a "
                + target.timeouts().grace().toMillis() + " ms grace period following SIGTERM").isFalse();
        assertThat(stop.exitCode()).as("exit status after SIGTERM").isZero();
        assertThat(Files.exists(p.socket(), LinkOption.NOFOLLOW_LINKS)).as("the socket path exists after shutdown")
                .isFalse();
    }

    // ---- 8.4 option words ---------------------------------------------------------------------------

    @ParameterizedTest(name = "[8.4.1] {0}")
    @ValueSource(strings = {"mode", "group", "peercred"})
    @Clause("8.4.1")
    void acceptsTheOptionWordsOfItsCapabilities(String capability, TargetSession target)
            throws IOException {
        Capability cap = Capability.bySpecName(capability).orElseThrow();
        target.requireCapability(cap);
        target.requireLaunchMode("this case starts the target with option words");
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        List<String> words = switch (cap) {
            case MODE -> List.of("--mode", "0600");
            case GROUP -> List.of("--group", Integer.toString(gid));
            case PEERCRED -> List.of("--allow-uid", Integer.toString(uid), "--allow-gid", Integer.toString(gid));
            default -> throw new IllegalStateException(capability);
        };
        ServerProcess p = target.launch(LaunchOptions.defaults().options(words));
        p.awaitReady();
        try (RawConnection c = target.connect(p.socket(), "started with " + words)) {
            assertThat(c.exchange(Request.get("/echo")).status()).as("status of GET /echo on a target started with "
                    + words).isEqualTo(200);
        }
        OptionalInt exited = p.process().exitCode();
        assertThat(exited).as("exit status of a target started with " + words).isEmpty();
    }
}
