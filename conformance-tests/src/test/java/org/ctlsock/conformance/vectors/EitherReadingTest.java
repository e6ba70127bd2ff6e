package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.wire.Framing;
import org.ctlsock.conformance.wire.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Where the spec says "either is allowed" (spec 1.1, issue 17), a server choosing either reading passes: each
 * case here hands the shared vector a canned answer of one reading. A vector that narrowed to one reading again
 * would fail a correct server, which is what the two independent implementers ran into.
 */
class EitherReadingTest {

    private static Map<String, List<Vector>> vectors() {
        return VectorFiles.loadDir(Path.of(System.getProperty("ctlsock.vectors.dir", "../fixtures/vectors")), false);
    }

    static Vector vector(String file, String name) {
        return vectors().get(file).stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no vector \"" + name + "\" in " + file));
    }

    static HttpResponse answer(int status, String mediaType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse("HTTP/1.1", status, "Reason", List.of(Map.entry("Content-Type", mediaType),
                Map.entry("Content-Length", Integer.toString(bytes.length))), bytes, Framing.CONTENT_LENGTH,
                List.of());
    }

    private static void accepts(Vector v, HttpResponse r) {
        assertThatCode(() -> VectorCheck.checkResponse(r, v.expect(), new byte[0]))
                .as("vector \"%s\" accepts status %d", v.name(), r.status()).doesNotThrowAnyException();
    }

    // 4.3.4: a chunk size past 2^63-1 is bad framing (400) or an over-long body (413).
    @Test
    void overflowingChunkSizeAsBadFraming() {
        accepts(vector("04-http.json", "chunk size that overflows"), answer(400, "text/plain", "bad chunk size"));
    }

    @Test
    void overflowingChunkSizeAsBodyTooLarge() {
        accepts(vector("04-http.json", "chunk size that overflows"), answer(413, "text/plain", "body too large"));
    }

    @Test
    void aCommandThatRanIsStillRefused() {
        Vector v = vector("04-http.json", "chunk size that overflows");
        assertThat(VectorCheck.statuses(v.expect())).doesNotContain(200, 500);
    }

    // 5.3.2: the same JSON value, not the same text: 1.0 may come back as 1 or 1.0, -0.0 as -0.0, -0 or 0.
    @Test
    void numbersCompareByValueWhicheverSpellingComesBack() {
        for (String back : List.of("[1.0,-0.0]", "[1,0]", "[1,-0]", "[1.00,0.0]")) {
            assertThat(org.ctlsock.conformance.json.JsonValues.sameValue(
                    org.ctlsock.conformance.json.JsonValues.parse("[1.0,-0.0]"),
                    org.ctlsock.conformance.json.JsonValues.parse(back))).as("[1.0,-0.0] and %s", back).isTrue();
        }
        assertThat(org.ctlsock.conformance.json.JsonValues.sameValue(
                org.ctlsock.conformance.json.JsonValues.parse("[1.0]"),
                org.ctlsock.conformance.json.JsonValues.parse("[1.5]"))).as("another value").isFalse();
    }

    // 4.3.5: SP, HTAB, VT, FF or bare CR around the request line's parts: parsed leniently (200) or refused.
    private static Vector requestLine(String name) {
        return VectorFiles.loadDir(Path.of(System.getProperty("ctlsock.vectors.dir", "../fixtures/vectors"))
                .resolve("malformed"), true).get("request-line.json").stream()
                .filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no vector \"" + name + "\" in request-line.json"));
    }

    @Test
    void requestLineWhitespaceParsedLeniently() {
        for (String name : List.of("tab separators", "VT after the method", "FF before the version",
                "bare CR inside the request line", "leading space", "two spaces after the method")) {
            Vector v = requestLine("request line: " + name);
            accepts(v, answer(200, "application/json", "[]"));
            assertThat(v.expect().path("orClose").asBoolean()).as("%s: a close is the refusing reading too",
                    name).isTrue();
        }
    }

    @Test
    void requestLineWhitespaceRefused() {
        for (String name : List.of("tab separators", "VT after the method", "FF before the version",
                "bare CR inside the request line", "leading space", "two spaces after the method")) {
            accepts(requestLine("request line: " + name), answer(400, "text/plain", "bad request line"));
        }
    }

    @Test
    void otherControlBytesBetweenThePartsAreStillMalformed() {
        for (String name : List.of("SOH between the parts", "NUL between the parts")) {
            assertThat(VectorCheck.statuses(requestLine("request line: " + name).expect()))
                    .as("%s: only a refusal", name).containsExactly(400);
        }
    }
}
