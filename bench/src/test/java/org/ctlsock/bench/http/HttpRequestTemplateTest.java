package org.ctlsock.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestTemplateTest {

    private static String text(HttpRequestTemplate t) {
        return new String(t.bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aGetHasNoBodyHeaders() {
        assertThat(text(HttpRequestTemplate.of("GET", "/echo", null, List.of(), false)))
                .isEqualTo("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    @Test
    void aPostCarriesJsonWithItsLengthInBytes() {
        byte[] body = "[\"é\"]".getBytes(StandardCharsets.UTF_8);
        assertThat(text(HttpRequestTemplate.of("POST", "/echo", body, List.of(), true))).isEqualTo(
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 6\r\n"
                        + "Connection: close\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
    }

    @Test
    void extraHeadersMayReplaceTheContentType() {
        String t = text(HttpRequestTemplate.of("POST", "/x", new byte[0], List.of("content-type: text/plain", "X-A: b"), false));
        assertThat(t).contains("content-type: text/plain\r\nX-A: b\r\n").doesNotContain("application/json");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> HttpRequestTemplate.of("G T", "/", null, List.of(), false)).hasMessageContaining("method");
        assertThatThrownBy(() -> HttpRequestTemplate.of("GET", "/a b", null, List.of(), false)).hasMessageContaining("path");
        assertThatThrownBy(() -> HttpRequestTemplate.of("GET", "/", null, List.of("nocolon"), false)).hasMessageContaining("Name: value");
        assertThatThrownBy(() -> HttpRequestTemplate.of("GET", "/", null, List.of("Content-Length: 5"), false))
                .hasMessageContaining("sets Content-Length itself");
    }
}
