package org.ctlsock.conformance.implementation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Collection;
import org.ctlsock.conformance.KitError;

/**
 * The strict reading that the kit's own input files share (descriptors, expected-failures files, vector files):
 * a duplicate member or a member the format does not have is an error, because a typo ({@code capabilites},
 * {@code halfclose}) must not silently drop what it was meant to say. Every message starts with {@code where}, a
 * prefix such as {@code "descriptor ctlsock.json: "} that says which file and which part of it.
 */
public final class StrictJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /** Where the bytes of a document come from (a file, a resource, a test's string). */
    @FunctionalInterface
    public interface Source {
        byte[] bytes() throws IOException;
    }

    private StrictJson() {
    }

    /** The document {@code source} gives, as a tree; one that cannot be read or is not JSON is a {@link KitError}. */
    public static JsonNode read(Source source, String where) {
        try {
            return JSON.readTree(source.bytes());
        } catch (IOException e) {
            throw new KitError(where + "cannot read it as JSON: " + e.getMessage(), e);
        }
    }

    /** Rejects a node that is not an object, or has a member outside {@code allowed} (listed in its order). */
    public static void onlyMembers(JsonNode object, Collection<String> allowed, String where) {
        if (!object.isObject()) {
            throw new KitError(where + "must be an object");
        }
        object.fieldNames().forEachRemaining(member -> {
            if (!allowed.contains(member)) {
                throw new KitError(where + "unknown member \"" + member + "\" (allowed: " + String.join(", ", allowed)
                        + ")");
            }
        });
    }

    /** The string value of {@code member}, which must be there. */
    public static String text(JsonNode node, String member, String where) {
        JsonNode v = node.get(member);
        if (v == null || !v.isTextual()) {
            throw new KitError(where + "\"" + member + "\" must be a string");
        }
        return v.asText();
    }
}
