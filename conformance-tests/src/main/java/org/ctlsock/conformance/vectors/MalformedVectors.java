package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.SpecCatalog;

/**
 * Reads the malformed-input corpus ({@code fixtures/vectors/malformed/*.json}): the shared vector format
 * of {@link VectorFiles}, which checks the shared members, plus the corpus's own members ({@code
 * alsoClauses}, {@code requestParts}, {@code halfClose}, {@code then}, {@code thenClosed}), checked here
 * just as strictly.
 */
public final class MalformedVectors {
    /** The subdirectory of the vectors directory that holds the corpus. */
    public static final String DIRECTORY = "malformed";
    private static final Set<String> EXTENSION = Set.of("alsoClauses", "requestParts", "halfClose", "then",
            "thenClosed");
    private static final Set<String> PART_MEMBERS = Set.of("text", "hex", "repeat", "times");
    /** Far above any vector's needs; a typo in {@code times} must not fill the heap. */
    private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    private MalformedVectors() {
    }

    /** All corpus files, by file name ({@code -Dctlsock.vectors.dir} or the copy bundled in the kit). */
    public static Map<String, List<MalformedVector>> load() {
        return VectorFiles.load(DIRECTORY, MalformedVectors::parse);
    }

    public static List<MalformedVector> parse(String file, byte[] json) {
        List<MalformedVector> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : VectorFiles.vectorNodes(file, json)) {
            out.add(vector(file, v, "vector file " + DIRECTORY + "/" + file + ", vectors[" + i++ + "]"));
        }
        return out;
    }

    private static MalformedVector vector(String file, JsonNode v, String where) {
        if (!v.isObject()) {
            throw new KitError(where + ": must be an object");
        }
        // The shared members go through the shared reader; the corpus's own are taken out first.
        ObjectNode shared = ((ObjectNode) v).deepCopy();
        shared.remove(EXTENSION);
        byte[] parts = null;
        if (v.has("requestParts")) {
            if (v.has("request") || v.has("requestHex")) {
                throw new KitError(where + ": give exactly one of \"request\", \"requestHex\" and \"requestParts\"");
            }
            parts = assemble(v.get("requestParts"), where);
            shared.put("requestHex", ""); // stands in for the parts, which the shared reader does not know
        }
        Vector base = VectorFiles.vector(file, shared, where);
        if (parts != null) {
            base = new Vector(base.file(), base.name(), base.clause(), parts, base.expect());
        }
        where = where + " (" + base.name() + ")";
        List<String> also = new ArrayList<>();
        if (v.has("alsoClauses")) {
            JsonNode a = v.get("alsoClauses");
            if (!a.isArray()) {
                throw new KitError(where + ": \"alsoClauses\" must be an array of clause ids");
            }
            for (JsonNode id : a) {
                if (!id.isTextual() || SpecCatalog.bundled().find(id.asText()).isEmpty()) {
                    throw new KitError(where + ": \"alsoClauses\" has " + id + ", which is not a clause of the spec");
                }
                also.add(id.asText());
            }
        }
        List<JsonNode> then = new ArrayList<>();
        if (v.has("then")) {
            if (!v.get("then").isArray()) {
                throw new KitError(where + ": \"then\" must be an array of expect objects");
            }
            int k = 0;
            for (JsonNode e : v.get("then")) {
                VectorFiles.checkExpect(e, where + ".then[" + k++ + "]");
                then.add(e);
            }
        }
        return new MalformedVector(base, List.copyOf(also), flag(v, "halfClose", where), List.copyOf(then),
                flag(v, "thenClosed", where));
    }

    private static boolean flag(JsonNode v, String member, String where) {
        JsonNode f = v.get(member);
        if (f == null) {
            return false;
        }
        if (!f.isBoolean()) {
            throw new KitError(where + ": \"" + member + "\" must be true or false");
        }
        return f.asBoolean();
    }

    /** The bytes of {@code requestParts}: text (UTF-8), hex, or a text repeated {@code times} times. */
    static byte[] assemble(JsonNode parts, String where) {
        if (!parts.isArray() || parts.isEmpty()) {
            throw new KitError(where + ": \"requestParts\" must be a non-empty array");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        for (JsonNode p : parts) {
            String at = where + ".requestParts[" + i++ + "]";
            VectorFiles.onlyMembers(p, PART_MEMBERS, at);
            byte[] piece;
            long times = 1;
            if (p.has("text") && p.size() == 1) {
                piece = VectorFiles.text(p, "text", at).getBytes(StandardCharsets.UTF_8);
            } else if (p.has("hex") && p.size() == 1) {
                piece = HexFormat.of().parseHex(VectorFiles.text(p, "hex", at).replace(" ", ""));
            } else if (p.has("repeat") && p.has("times") && p.size() == 2 && p.get("times").canConvertToLong()
                    && p.get("times").asLong() >= 0) {
                piece = VectorFiles.text(p, "repeat", at).getBytes(StandardCharsets.UTF_8);
                times = p.get("times").asLong();
            } else {
                throw new KitError(at + ": a part is {\"text\": …}, {\"hex\": …} or {\"repeat\": …, \"times\": N}");
            }
            if (out.size() + piece.length * times > MAX_REQUEST_BYTES) {
                throw new KitError(at + ": the request would be over " + MAX_REQUEST_BYTES + " bytes");
            }
            for (long t = 0; t < times; t++) {
                out.writeBytes(piece);
            }
        }
        return out.toByteArray();
    }
}
