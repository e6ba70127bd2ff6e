package org.ctlsock.conformance.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {
    private static ResponseReader reader(String bytes) {
        return new ResponseReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** kit-defects.md (node-http, 7.1.2): a 431 without a length, then a reset instead of a FIN, is still the answer. */
    @Test
    void anAnswerDelimitedByTheCloseSurvivesAResetAfterIt() throws IOException {
        byte[] answer = "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream resetAfter = new java.io.SequenceInputStream(new ByteArrayInputStream(answer),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new java.net.SocketException("Connection reset by peer");
                    }
                });
        HttpResponse r = new ResponseReader(resetAfter).read(false).orElseThrow();
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void readsContentLengthFramedResponsesInSequence() throws IOException {
        ResponseReader r = reader("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[1]"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        HttpResponse first = r.read(false).orElseThrow();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.bodyText()).isEqualTo("[1]");
        assertThat(first.framing()).isEqualTo(Framing.CONTENT_LENGTH);
        assertThat(first.mediaType()).isEqualTo("application/json");
        assertThat(r.read(false).orElseThrow().status()).isEqualTo(404);
        assertThat(r.read(false)).isEmpty();
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        HttpResponse resp = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\n").read(false).orElseThrow();
        assertThat(resp.bodyText()).isEqualTo("abc0123456789");
        assertThat(resp.framing()).isEqualTo(Framing.CHUNKED);
    }

    @Test
    void headResponsesHaveNoBodyWhateverTheirLength() throws IOException {
        ResponseReader r = reader("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                + "\r\nx");
        assertThat(r.read(true).orElseThrow().body()).isEmpty();
        assertThat(r.read(false).orElseThrow().bodyText()).isEqualTo("x");
    }

    @Test
    void interimResponsesAreReadOnTheirOwn() throws IOException {
        ResponseReader r = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(r.read(false).orElseThrow().isInterim()).isTrue();
        assertThat(r.read(false).orElseThrow().status()).isEqualTo(200);
    }

    @Test
    void failsAnHttp11ClosedDelimitedBodyWithoutConnectionCloseAtOnce() throws IOException {
        // No wait for a close: on a kept-open connection it would never come (the kit would wait out its deadline).
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\n\r\nbody").read(false)).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("clause 4.2.2").hasMessageContaining("accepted: a correct Content-Length, chunked "
                        + "coding, or Connection: close and then a close");
        HttpResponse resp = reader("HTTP/1.0 200 OK\r\n\r\nbody").read(false).orElseThrow();
        assertThat(resp.framing()).isEqualTo(Framing.CLOSE);
        assertThat(resp.bodyText()).isEqualTo("body");
        assertThat(resp.framingIssues()).singleElement().asString().contains("4.2.2");
        HttpResponse closing = reader("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody").read(false).orElseThrow();
        assertThat(closing.framing()).isEqualTo(Framing.CLOSE);
        assertThat(closing.bodyText()).isEqualTo("body");
        HttpResponse ok = reader("HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nbody").read(false).orElseThrow();
        assertThat(ok.framingIssues()).isEmpty();
    }

    @Test
    void rejectsABodyShorterThanItsContentLength() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").read(false))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("Content-Length says 10");
    }

    @Test
    void reportsStrayBytesAfterABodyAsABadStatusLine() throws IOException {
        ResponseReader r = reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[1]\r\n");
        assertThat(r.read(false).orElseThrow().bodyText()).isEqualTo("[1");
        assertThatThrownBy(() -> r.read(false)).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("expected a status line").hasMessageContaining("shorter than its body");
    }

    @Test
    void rejectsBareLineFeeds() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\nContent-Length: 0\n\n").read(false))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("bare LF");
    }

    @Test
    void rejectsMalformedHeadersAndChunks() {
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n").read(false))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("malformed header");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").read(false))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("chunk-size");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n")
                .read(false)).isInstanceOf(ProtocolViolation.class).hasMessageContaining("instead of CRLF");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
                .read(false)).isInstanceOf(ProtocolViolation.class).hasMessageContaining("differing");
        assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 1").read(false))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("closed in the middle");
    }

    @Test
    void parsesContentTypeParameters() throws IOException {
        HttpResponse r = reader("HTTP/1.1 200 OK\r\nContent-Type: Text/Plain; Charset=\"UTF-8\"\r\nContent-Length: 0"
                + "\r\nAllow: GET, HEAD\r\nAllow: POST\r\n\r\n").read(false).orElseThrow();
        assertThat(r.mediaType()).isEqualTo("text/plain");
        assertThat(r.charset()).contains("utf-8");
        assertThat(r.headers("allow")).containsExactly("GET, HEAD", "POST");
        assertThat(r.headerHasToken("Allow", "head")).isTrue();
    }
}
