package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 5.2: POST, GET, HEAD, 405 with Allow, 404 for unknown names. */
@ConformanceTest
class Section5_2_MethodsTest {

    static Set<String> allowed(HttpResponse r) {
        return r.headers("Allow").stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Clause("5.2.2")
    void getIgnoresItsBodyAndKeepsTheConnectionInStep(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.get("/echo").body("[\"ignored\"]"));
            assertThat(r.status()).as("status of GET /echo with a body").isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo with a body: the body is ignored").isEqualTo("[]");
            HttpResponse next = c.exchange(Request.post("/echo", "[\"next\"]"));
            assertThat(next.bodyText()).as("the next request on the connection (the GET's body was consumed, "
                    + "not read as a request)").isEqualTo("[\"next\"]");
        }
    }

    /**
     * HEAD runs the command with GET's arguments (here those of query-args, 9.5.1): the length of the
     * result it did not send is the length of the argument it was given.
     */
    @Test
    @Clause("5.2.3")
    void headRunsTheCommandWithGetsArguments(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        String path = "/text?args=%5B%22abcde%22%5D";
        try (RawConnection c = target.connect()) {
            HttpResponse head = c.exchange(Request.head(path));
            assertThat(head.status()).as("status of HEAD %s (text with the argument \"abcde\")", path).isEqualTo(200);
            assertThat(head.header("Content-Length")).as("Content-Length of HEAD %s: the 5 bytes of the result the "
                    + "command gives when it runs with GET's argument", path).contains("5");
        }
    }

    @ParameterizedTest(name = "[5.2.3] HEAD {0}")
    @ValueSource(strings = {"/echo", "/nothing", "/text", "/fail", "/no-such-command", "/echo-post"})
    @Clause("5.2.3")
    void headIsGetWithoutBody(String path, TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse get = c.exchange(Request.get(path));
            HttpResponse head = c.exchange(Request.head(path));
            assertThat(head.status()).as("status of HEAD " + path + " (as GET's)").isEqualTo(get.status());
            assertThat(head.header("Content-Type")).as("Content-Type of HEAD " + path + " (as GET's)")
                    .isEqualTo(get.header("Content-Type"));
            // Error bodies may name the method ("HEAD is not allowed"), so lengths are compared for 2xx only.
            if (head.header("Content-Length").isPresent() && get.header("Content-Length").isPresent()
                    && get.status() < 300) {
                assertThat(head.header("Content-Length")).as("Content-Length of HEAD " + path + " (as GET's)")
                        .isEqualTo(get.header("Content-Length"));
            }
            if (get.status() == 405) {
                assertThat(allowed(head)).as("Allow of HEAD " + path + " (as GET's)").isEqualTo(allowed(get));
            }
            HttpResponse after = c.exchange(Request.post("/echo", "[\"after HEAD\"]"));
            assertThat(after.bodyText()).as("the next request after HEAD " + path + " (no body bytes followed the "
                    + "HEAD response)").isEqualTo("[\"after HEAD\"]");
        }
    }
}
