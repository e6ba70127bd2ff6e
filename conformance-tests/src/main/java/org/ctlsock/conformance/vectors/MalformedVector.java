package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One vector of the malformed-input corpus ({@code fixtures/vectors/malformed/}, format in its README):
 * a shared {@link Vector} plus the members the corpus adds.
 *
 * @param base the shared part: name, clause, the exact request bytes, the first {@code expect}
 * @param alsoClauses further clauses the vector exercises (the report files it under {@code base.clause()})
 * @param halfClose whether the client shuts down its sending side after the request
 * @param then the {@code expect} objects of the further responses on the same connection, in order
 * @param thenClosed whether the server must close, without another response, after those
 */
public record MalformedVector(Vector base, List<String> alsoClauses, boolean halfClose, List<JsonNode> then,
        boolean thenClosed) {

    /** {@code [4.3.5] name (also 6.3.3)}: the report attributes it by the leading clause. */
    public String displayName() {
        return base.displayName() + (alsoClauses.isEmpty() ? "" : " (also " + String.join(", ", alsoClauses) + ")");
    }

    /** The first {@code expect} and then each of {@code then}: one per response the kit reads. */
    public List<JsonNode> expectations() {
        List<JsonNode> all = new ArrayList<>();
        all.add(base.expect());
        all.addAll(then);
        return all;
    }
}
