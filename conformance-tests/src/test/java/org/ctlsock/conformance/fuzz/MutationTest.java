package org.ctlsock.conformance.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fuzz mutations change the bytes the way their descriptions say (the report shows only those). */
class MutationTest {
    private static final String REQUEST = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n";

    private static String apply(Mutation m) {
        return new String(m.apply(REQUEST.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void positionsWrapAroundTheLength() {
        assertThat(apply(Mutation.setByte(0, 'P'))).startsWith("PET ");
        assertThat(apply(Mutation.setByte(REQUEST.length(), 'P'))).startsWith("PET ");
        assertThat(apply(Mutation.truncate(3))).isEqualTo("GET");
        assertThat(apply(Mutation.truncate(REQUEST.length()))).isEqualTo(REQUEST);
    }

    @Test
    void insertsAndDeletes() {
        assertThat(apply(Mutation.insert(3, new byte[] {0}))).startsWith("GET\0 /echo");
        assertThat(apply(Mutation.delete(3, 6))).startsWith("GET HTTP/1.1");
    }

    @Test
    void duplicatesALineOfTheHead() {
        assertThat(apply(Mutation.duplicateLine(1))).isEqualTo("GET /echo HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n");
    }

    @Test
    void replacesWordsOfTheRequestLine() {
        assertThat(apply(Mutation.replaceWord(0, "PUT"))).startsWith("PUT /echo HTTP/1.1\r\n");
        assertThat(apply(Mutation.replaceWord(1, "/%zz"))).startsWith("GET /%zz HTTP/1.1\r\n");
        assertThat(apply(Mutation.replaceWord(2, "HTTP/2.0"))).startsWith("GET /echo HTTP/2.0\r\n");
    }

    @Test
    void appendsAnotherRequest() {
        assertThat(apply(Mutation.append("X".getBytes(StandardCharsets.ISO_8859_1), "x"))).isEqualTo(REQUEST + "X");
    }
}
