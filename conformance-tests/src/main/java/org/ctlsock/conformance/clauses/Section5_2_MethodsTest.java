package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Tag;
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
    @Clause(id = "5.2.1", level = MUST)
    @Tag("clause-5.2.1") @Tag("MUST")
    void must_5_2_1_postRunsWithTheBodysArguments(TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", "[\"a\",1,true]");
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(r.bodyText()).as("body of POST /echo [\"a\",1,true]").isEqualTo("[\"a\",1,true]");
    }

    @Test
    @Clause(id = "5.2.2", level = MUST)
    @Tag("clause-5.2.2") @Tag("MUST")
    void must_5_2_2_getRunsWithNoArguments(TargetSession target) throws IOException {
        HttpResponse r = target.get("/echo");
        assertThat(r.status()).as("status of GET /echo").isEqualTo(200);
        assertThat(r.bodyText()).as("body of GET /echo").isEqualTo("[]");
    }

    @Test
    @Clause(id = "5.2.2", level = MUST)
    @Tag("clause-5.2.2") @Tag("MUST")
    void must_5_2_2_getIgnoresItsBodyAndKeepsTheConnectionInStep(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.get("/echo").body("[\"ignored\"]"));
            assertThat(r.status()).as("status of GET /echo with a body").isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo with a body: the body is ignored").isEqualTo("[]");
            HttpResponse next = c.exchange(Request.post("/echo", "[\"next\"]"));
            assertThat(next.bodyText()).as("the next request on the connection (the GET's body was consumed, "
                    + "not read as a request)").isEqualTo("[\"next\"]");
        }
    }

    @ParameterizedTest(name = "[5.2.3] HEAD {0}")
    @ValueSource(strings = {"/echo", "/nothing", "/text", "/fail", "/no-such-command", "/echo-post"})
    @Clause(id = "5.2.3", level = MUST)
    @Tag("clause-5.2.3") @Tag("MUST")
    void must_5_2_3_headIsGetWithoutBody(String path, TargetSession target) throws IOException {
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

    @ParameterizedTest(name = "[5.2.4] {0} /echo-post")
    @ValueSource(strings = {"GET", "HEAD"})
    @Clause(id = "5.2.4", level = MUST)
    @Tag("clause-5.2.4") @Tag("MUST")
    void must_5_2_4_postOnlyCommandAnswers405WithAllow(String method, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.method(method, "/echo-post"));
        assertThat(r.status()).as("status of " + method + " /echo-post").isEqualTo(405);
        assertThat(allowed(r)).as("methods in the Allow field of the 405 to " + method + " /echo-post")
                .isEqualTo(Set.of("POST"));
    }

    @ParameterizedTest(name = "[5.2.5] {0} /echo")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS", "FROBNICATE"})
    @Clause(id = "5.2.5", level = MUST)
    @Tag("clause-5.2.5") @Tag("MUST")
    void must_5_2_5_otherMethodsAnswer405WithAllow(String method, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.method(method, "/echo").body("[\"ran\"]"));
        assertThat(r.status()).as("status of " + method + " /echo").isEqualTo(405);
        assertThat(allowed(r)).as("methods in the Allow field of the 405 to " + method + " /echo")
                .isEqualTo(Set.of("GET", "HEAD", "POST"));
        assertThat(r.bodyText()).as("body of the 405 (the command did not run)").doesNotContain("ran");
    }

    @ParameterizedTest(name = "[5.2.5] {0} /echo-post")
    @ValueSource(strings = {"PUT", "DELETE"})
    @Clause(id = "5.2.5", level = MUST)
    @Tag("clause-5.2.5") @Tag("MUST")
    void must_5_2_5_otherMethodsOnPostOnlyCommand(String method, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.method(method, "/echo-post"));
        assertThat(r.status()).as("status of " + method + " /echo-post").isEqualTo(405);
        assertThat(allowed(r)).as("methods in the Allow field of the 405 to " + method + " /echo-post")
                .isEqualTo(Set.of("POST"));
    }

    @ParameterizedTest(name = "[5.2.6] {0} an unknown command")
    @ValueSource(strings = {"GET", "HEAD", "POST"})
    @Clause(id = "5.2.6", level = MUST)
    @Tag("clause-5.2.6") @Tag("MUST")
    void must_5_2_6_unknownNameIs404WhateverTheBody(String method, TargetSession target) throws IOException {
        for (String body : new String[] {null, "[1]", "not json", "{\"k\":1}"}) {
            Request req = Request.method(method, "/no-such-command");
            if (body != null) {
                req.body(body);
            }
            HttpResponse r = target.call(req);
            assertThat(r.status()).as("status of " + method + " /no-such-command with body " + body).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "[5.2.6] {0} an unknown command")
    @ValueSource(strings = {"PUT", "DELETE", "OPTIONS"})
    @Clause(id = "5.2.6", level = MUST)
    @Tag("clause-5.2.6") @Tag("MUST")
    void must_5_2_6_otherMethodsOnUnknownNameAre404Or405(String method, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.method(method, "/no-such-command"));
        assertThat(r.status()).as("status of " + method + " /no-such-command").isIn(404, 405);
    }
}
