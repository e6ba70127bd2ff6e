package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
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
        HttpResponse r = target.call(Request.post("/echo", "[\"a\",1]"));
        assertThat(r.version()).as("status line version of the answer to an HTTP/1.1 request").isEqualTo("HTTP/1.1");
        assertThat(r.status()).as("status").isEqualTo(200);
    }

    @Test
    @Clause("4.1.2")
    void answersHttp10AndCloses(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.get("/echo").version("HTTP/1.0").host(null));
            assertThat(r.status()).as("status of GET /echo HTTP/1.0").isEqualTo(200);
            assertThat(r.version()).as("status line version").isIn("HTTP/1.0", "HTTP/1.1");
            c.assertClosedWithin(target.timeouts().within(),
                    "answering an HTTP/1.0 request that did not ask for keep-alive");
        }
    }

    @Test
    @Clause("4.1.2")
    void http10KeepAliveIsAnswered(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.post("/echo", "[1]").version("HTTP/1.0")
                    .header("Connection", "keep-alive"));
            assertThat(r.status()).as("status of POST /echo HTTP/1.0 with Connection: keep-alive").isEqualTo(200);
            assertThat(r.bodyText()).as("body").isEqualTo("[1]");
        }
    }
}
