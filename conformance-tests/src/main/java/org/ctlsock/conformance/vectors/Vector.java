package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;

/**
 * One vector: a request/response pair from {@code fixtures/vectors/*.json} (format: fixtures/vectors/README.md),
 * or a vector of the malformed-input corpus ({@code fixtures/vectors/malformed/}, format in its README), which may
 * also use the members after {@code expect}; a shared vector has them empty.
 *
 * @param request the exact bytes to send
 * @param expect the checks on what comes back (the first response)
 * @param alsoClauses further clauses the vector exercises (the report files it under {@code clause})
 * @param halfClose whether the client shuts down its sending side after the request
 * @param then the {@code expect} objects of the further responses on the same connection, in order
 * @param thenClosed whether the server must close, without another response, after those
 */
public record Vector(String file, String name, String clause, byte[] request, JsonNode expect,
        List<String> alsoClauses, boolean halfClose, List<JsonNode> then, boolean thenClosed) {

    /** {@code [4.3.5] name (also 6.3.3)}: the display name the report attributes to the leading clause. */
    public String displayName() {
        return "[" + clause + "] " + name + (alsoClauses.isEmpty() ? "" : " (also " + String.join(", ", alsoClauses)
                + ")");
    }

    /** The first {@code expect} and then each of {@code then}: one per response the kit reads. */
    public List<JsonNode> expectations() {
        return Stream.concat(Stream.of(expect), then.stream()).toList();
    }

    public boolean isHead() {
        return request.length >= 5 && new String(request, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("HEAD ");
    }
}
