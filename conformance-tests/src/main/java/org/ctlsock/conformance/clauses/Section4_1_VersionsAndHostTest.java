package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MAY;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.util.Optional;
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

/** Spec 4.1: HTTP versions and the Host header field. */
@ConformanceTest
class Section4_1_VersionsAndHostTest {

    @Test
    @Clause(id = "4.1.1", level = MUST)
    @Tag("clause-4.1.1") @Tag("MUST")
    void must_4_1_1_answersHttp11WithHttp11(TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post("/echo", "[\"a\",1]"));
        assertThat(r.version()).as("status line version of the answer to an HTTP/1.1 request").isEqualTo("HTTP/1.1");
        assertThat(r.status()).as("status").isEqualTo(200);
    }

    @Test
    @Clause(id = "4.1.2", level = MUST)
    @Tag("clause-4.1.2") @Tag("MUST")
    void must_4_1_2_answersHttp10AndCloses(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.get("/echo").version("HTTP/1.0").host(null));
            assertThat(r.status()).as("status of GET /echo HTTP/1.0").isEqualTo(200);
            assertThat(r.version()).as("status line version").isIn("HTTP/1.0", "HTTP/1.1");
            assertThat(c.awaitClose(target.timeouts().within()))
                    .as("the server closes an HTTP/1.0 connection that did not ask for keep-alive").isTrue();
        }
    }

    @Test
    @Clause(id = "4.1.2", level = MUST)
    @Tag("clause-4.1.2") @Tag("MUST")
    void must_4_1_2_http10KeepAliveIsAnswered(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.post("/echo", "[1]").version("HTTP/1.0")
                    .header("Connection", "keep-alive"));
            assertThat(r.status()).as("status of POST /echo HTTP/1.0 with Connection: keep-alive").isEqualTo(200);
            assertThat(r.bodyText()).as("body").isEqualTo("[1]");
        }
    }

    @ParameterizedTest(name = "[4.1.3] Host: {0}")
    @ValueSource(strings = {"x", "localhost", "localhost:80", "unix", "127.0.0.1", "[::1]",
        "%2Ftmp%2Fctlsock-1%2Frun%2Fctl.sock", "example.com:8080"})
    @Clause(id = "4.1.3", level = MUST)
    @Tag("clause-4.1.3") @Tag("MUST")
    void must_4_1_3_acceptsAnyHost(String host, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post("/echo", "[\"h\"]").host(host));
        assertThat(r.status()).as("status with Host: " + host).isEqualTo(200);
        assertThat(r.bodyText()).as("body with Host: " + host).isEqualTo("[\"h\"]");
    }

    @Test
    @Clause(id = "4.1.3", level = MUST)
    @Tag("clause-4.1.3") @Tag("MUST")
    void must_4_1_3_answersHttp10WithoutHost(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("POST /echo HTTP/1.0\r\nContent-Length: 5\r\n\r\n[\"z\"]");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of an HTTP/1.0 request without Host").isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("[\"z\"]");
        }
    }

    @Test
    @Clause(id = "4.1.4", level = MAY)
    @Tag("clause-4.1.4") @Tag("MAY")
    void may_4_1_4_http11WithoutHostIsAnsweredOr400(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("GET /echo HTTP/1.1\r\n\r\n");
            Optional<HttpResponse> r = c.readOrClose();
            assertThat(r).as("an answer to an HTTP/1.1 request without Host (the only choices are 200 and 400)")
                    .isPresent();
            assertThat(r.get().status()).as("status").isIn(200, 400);
        }
    }
}
