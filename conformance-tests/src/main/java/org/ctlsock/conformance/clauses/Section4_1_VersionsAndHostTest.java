package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/** Spec 4.1: HTTP versions and the Host header field. */
@ConformanceTest
class Section4_1_VersionsAndHostTest {

    @Test
    @Clause("4.1.1")
    void answersHttp11WithHttp11(TargetSession target) throws IOException {
        HttpResponse r = target.call(target.servingRequest(Request.post("/echo", "[\"a\",1]")));
        assertThat(r.version()).as("status line version of the answer to an HTTP/1.1 request").isEqualTo("HTTP/1.1");
        target.assertServing(r, "an HTTP/1.1 request");
    }

    @Test
    @Clause("4.1.2")
    void answersHttp10AndCloses(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(target.servingRequest(Request.get("/echo")).version("HTTP/1.0").host(null));
            target.assertServing(r, "an HTTP/1.0 request");
            assertThat(r.version()).as("status line version").isIn("HTTP/1.0", "HTTP/1.1");
            c.assertClosedWithin(target.timeouts().within(),
                    "answering an HTTP/1.0 request that did not ask for keep-alive");
        }
    }

    @Test
    @Clause("4.1.2")
    void http10KeepAliveIsAnswered(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[1]")).version("HTTP/1.0")
                    .header("Connection", "keep-alive"));
            target.assertServing(r, "an HTTP/1.0 request with Connection: keep-alive");
            if (target.claims(Capability.COMMANDS)) {
                assertThat(r.bodyText()).as("body").isEqualTo("[1]");
            }
        }
    }

    private static HttpResponse http10KeepAlive(RawConnection c) throws IOException {
        HttpResponse r = c.exchange(Request.post("/echo", "[1]").version("HTTP/1.0").header("Connection", "keep-alive"));
        assertThat(r.status()).as("status of POST /echo HTTP/1.0 with Connection: keep-alive").isEqualTo(200);
        return r;
    }

    /** The first reading of 4.1.5: a response that says keep-alive is followed by an open connection. */
    @Test
    @Clause("4.1.5")
    void http10KeepAliveSaidIsKept(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = http10KeepAlive(c);
            if (!r.headerHasToken("Connection", "keep-alive")) {
                throw new NotApplicable("the target closes HTTP/1.0 keep-alive connections (its response has no "
                        + "Connection: keep-alive), the other reading 4.1.5 allows; checked by "
                        + "http10KeepAliveNotSaidIsClosed");
            }
            HttpResponse second = c.exchange(Request.post("/echo", "[2]").version("HTTP/1.0")
                    .header("Connection", "keep-alive"));
            assertThat(second.bodyText()).as("body of a second HTTP/1.0 request on the connection the first response "
                    + "said (Connection: keep-alive) stays open").isEqualTo("[2]");
        }
    }

    /** The second reading of 4.1.5: a response that does not say keep-alive is followed by a close. */
    @Test
    @Clause("4.1.5")
    void http10KeepAliveNotSaidIsClosed(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = http10KeepAlive(c);
            if (r.headerHasToken("Connection", "keep-alive")) {
                throw new NotApplicable("the target keeps HTTP/1.0 keep-alive connections and says so, the other "
                        + "reading 4.1.5 allows; checked by http10KeepAliveSaidIsKept");
            }
            c.assertClosedWithin(target.timeouts().within(), "answering an HTTP/1.0 request with Connection: "
                    + "keep-alive without Connection: keep-alive in the response (Connection: "
                    + r.headers("Connection") + ")");
        }
    }

    /**
     * Variation rule 1 (HARNESS.md): connection options and field names are case-insensitive (RFC 9110 §7.6.1,
     * §5.1), so each spelling of {@code Connection: keep-alive} on HTTP/1.0 gets one of 4.1.5's two readings: the
     * response says keep-alive (in any spelling) and the connection stays usable, or it does not and the
     * connection closes.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "[4.1.5] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Connection: Keep-Alive", "Connection: KEEP-ALIVE",
            "CONNECTION: keep-alive", "connection: kEEP-aLIVE"})
    @Clause("4.1.5")
    void http10KeepAliveInAnySpellingIsSaidAndKeptOrClosed(String field, TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            // With Host, as the base case sends it: only the spelling varies (an HTTP/1.0 request without Host is
            // 4.1.3's question).
            c.send("POST /echo HTTP/1.0\r\nHost: x\r\n" + field + "\r\nContent-Length: 3\r\n\r\n[1]");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of an HTTP/1.0 POST /echo with %s", field).isEqualTo(200);
            if (r.headerHasToken("Connection", "keep-alive")) {
                HttpResponse second = c.exchange(Request.post("/echo", "[2]").version("HTTP/1.0")
                        .header("Connection", "keep-alive"));
                assertThat(second.bodyText()).as("body of a second HTTP/1.0 request on the connection the response "
                        + "to %s said stays open (Connection: %s)", field, r.headers("Connection")).isEqualTo("[2]");
            } else {
                c.assertClosedWithin(target.timeouts().within(), "answering an HTTP/1.0 request with " + field
                        + " without Connection: keep-alive in the response (Connection: " + r.headers("Connection")
                        + ")");
            }
        }
    }
}
