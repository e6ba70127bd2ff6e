package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request/response pair from {@code fixtures/vectors/*.json} (format: fixtures/vectors/README.md).
 *
 * @param request the exact bytes to send
 * @param expect the checks on what comes back
 */
public record Vector(String file, String name, String clause, byte[] request, JsonNode expect) {

    /** {@code [4.3.4] negative Content-Length}: the display name the report attributes to the clause. */
    public String displayName() {
        return "[" + clause + "] " + name;
    }

    public boolean isHead() {
        return request.length >= 5 && new String(request, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("HEAD ");
    }
}
