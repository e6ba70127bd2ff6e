package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.implementation.StrictJson;
import org.ctlsock.conformance.spec.SpecCatalog;

/**
 * Reads the vector files: the shared vectors ({@code fixtures/vectors/*.json}) and the malformed-input corpus
 * ({@code fixtures/vectors/malformed/*.json}), whose vectors may also use the corpus's own members ({@code
 * alsoClauses}, {@code requestParts}, {@code halfClose}, {@code then}, {@code thenClosed}). From {@code
 * -Dctlsock.vectors.dir} when given, else from the copy bundled in the kit. Strict like the descriptor: an
 * unknown member is an error, so a typo cannot silently drop a check.
 */
public final class VectorFiles {
    /** The subdirectory of the vectors directory that holds the corpus. */
    public static final String CORPUS = "malformed";
    private static final String BUNDLED = "/org/ctlsock/conformance/vector-data";
    private static final List<String> FILE_MEMBERS = List.of("about", "vectors");
    private static final List<String> VECTOR_MEMBERS = List.of("name", "clause", "request", "requestHex", "expect",
            "note");
    private static final List<String> CORPUS_MEMBERS = List.of("alsoClauses", "requestParts", "halfClose", "then",
            "thenClosed");
    private static final List<String> EXPECT_MEMBERS = List.of("status", "headers", "body", "connection", "orClose");
    private static final List<String> PART_MEMBERS = List.of("text", "hex", "repeat", "times");
    /** Far above any vector's needs; a typo in {@code times} must not fill the heap. */
    private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    private VectorFiles() {
    }

    /** All shared vector files, by file name, each with its vectors in order. */
    public static Map<String, List<Vector>> load() {
        return load(false);
    }

    /** All corpus files, by file name. */
    public static Map<String, List<Vector>> loadCorpus() {
        return load(true);
    }

    private static Map<String, List<Vector>> load(boolean corpus) {
        String subdir = corpus ? CORPUS : "";
        String dir = System.getProperty("ctlsock.vectors.dir");
        if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir))) {
            return loadDir(Path.of(dir).resolve(subdir), corpus);
        }
        String bundled = corpus ? BUNDLED + "/" + subdir : BUNDLED;
        URL url = VectorFiles.class.getResource(bundled);
        if (url == null) {
            return Map.of();
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return loadDir(fs.getPath(bundled), corpus);
            }
            return loadDir(Path.of(uri), corpus);
        } catch (URISyntaxException | IOException e) {
            throw new KitError("cannot list the bundled vectors: " + e, e);
        }
    }

    /** The vector files of {@code dir}: the corpus's when {@code corpus}, else shared ones. */
    public static Map<String, List<Vector>> loadDir(Path dir, boolean corpus) {
        Map<String, List<Vector>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String name = f.getFileName().toString();
                out.put(name, parse(name, Files.readAllBytes(f), corpus));
            }
        } catch (IOException e) {
            throw new KitError("cannot read vectors in " + dir + ": " + e, e);
        }
        return out;
    }

    /** The vectors of one file: a corpus file when {@code corpus} (its own members allowed), else a shared one. */
    public static List<Vector> parse(String file, byte[] json, boolean corpus) {
        String where = "vector file " + (corpus ? CORPUS + "/" : "") + file;
        JsonNode root = StrictJson.read(() -> json, where + ": ");
        if (root == null || !root.isObject() || !root.has("vectors") || !root.get("vectors").isArray()) {
            throw new KitError(where + ": must be an object with a \"vectors\" array");
        }
        StrictJson.onlyMembers(root, FILE_MEMBERS, where + ": ");
        List<Vector> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : root.get("vectors")) {
            out.add(vector(file, v, where + ", vectors[" + i++ + "]", corpus));
        }
        return out;
    }

    /** One vector, checked strictly ({@code where} says where it is, for errors). */
    private static Vector vector(String file, JsonNode v, String where, boolean corpus) {
        StrictJson.onlyMembers(v, corpus ? Stream.concat(VECTOR_MEMBERS.stream(), CORPUS_MEMBERS.stream()).toList()
                : VECTOR_MEMBERS, where + ": ");
        String name = StrictJson.text(v, "name", where + ": ");
        String clause = StrictJson.text(v, "clause", where + ": ");
        if (SpecCatalog.bundled().find(clause).isEmpty()) {
            throw new KitError(where + ": \"" + clause + "\" is not a clause of the spec");
        }
        where = where + " (" + name + ")";
        byte[] request = request(v, where);
        JsonNode expect = v.get("expect");
        if (expect == null || !expect.isObject()) {
            throw new KitError(where + ": missing \"expect\" object");
        }
        checkExpect(expect, where + ".expect");
        List<String> also = new ArrayList<>();
        for (JsonNode id : array(v, "alsoClauses", "an array of clause ids", where)) {
            if (!id.isTextual() || SpecCatalog.bundled().find(id.asText()).isEmpty()) {
                throw new KitError(where + ": \"alsoClauses\" has " + id + ", which is not a clause of the spec");
            }
            also.add(id.asText());
        }
        List<JsonNode> then = new ArrayList<>();
        for (JsonNode e : array(v, "then", "an array of expect objects", where)) {
            checkExpect(e, where + ".then[" + then.size() + "]");
            then.add(e);
        }
        return new Vector(file, name, clause, request, expect, List.copyOf(also), flag(v, "halfClose", where),
                List.copyOf(then), flag(v, "thenClosed", where));
    }

    /** The bytes of exactly one of {@code request}, {@code requestHex} and (the corpus's) {@code requestParts}. */
    private static byte[] request(JsonNode v, String where) {
        if (Stream.of("request", "requestHex", "requestParts").filter(v::has).count() != 1) {
            throw new KitError(where + ": give exactly one of \"request\" and \"requestHex\""
                    + " (in the corpus also \"requestParts\")");
        }
        if (v.has("request")) {
            return StrictJson.text(v, "request", where + ": ").getBytes(StandardCharsets.UTF_8);
        }
        if (v.has("requestHex")) {
            return HexFormat.of().parseHex(StrictJson.text(v, "requestHex", where + ": ").replace(" ", ""));
        }
        return assemble(v.get("requestParts"), where);
    }

    /** An {@code expect} object: known members only, and a status. */
    public static void checkExpect(JsonNode expect, String where) {
        if (expect == null || !expect.isObject()) {
            throw new KitError(where + ": must be an object");
        }
        StrictJson.onlyMembers(expect, EXPECT_MEMBERS, where + ": ");
        if (!expect.has("status")) {
            throw new KitError(where + ": needs a \"status\"");
        }
    }

    /** The elements of an optional array member; none when it is absent. */
    private static Iterable<JsonNode> array(JsonNode v, String member, String what, String where) {
        JsonNode a = v.get(member);
        if (a != null && !a.isArray()) {
            throw new KitError(where + ": \"" + member + "\" must be " + what);
        }
        return a == null ? List.of() : a;
    }

    private static boolean flag(JsonNode v, String member, String where) {
        JsonNode f = v.get(member);
        if (f != null && !f.isBoolean()) {
            throw new KitError(where + ": \"" + member + "\" must be true or false");
        }
        return f != null && f.asBoolean();
    }

    /** The bytes of {@code requestParts}: text (UTF-8), hex, or a text repeated {@code times} times. */
    private static byte[] assemble(JsonNode parts, String where) {
        if (!parts.isArray() || parts.isEmpty()) {
            throw new KitError(where + ": \"requestParts\" must be a non-empty array");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        for (JsonNode p : parts) {
            String at = where + ".requestParts[" + i++ + "]";
            StrictJson.onlyMembers(p, PART_MEMBERS, at + ": ");
            byte[] piece;
            long times = 1;
            if (p.has("text") && p.size() == 1) {
                piece = StrictJson.text(p, "text", at + ": ").getBytes(StandardCharsets.UTF_8);
            } else if (p.has("hex") && p.size() == 1) {
                piece = HexFormat.of().parseHex(StrictJson.text(p, "hex", at + ": ").replace(" ", ""));
            } else if (p.has("repeat") && p.has("times") && p.size() == 2 && p.get("times").canConvertToLong()
                    && p.get("times").asLong() >= 0) {
                piece = StrictJson.text(p, "repeat", at + ": ").getBytes(StandardCharsets.UTF_8);
                times = p.get("times").asLong();
            } else {
                throw new KitError(at + ": a part is {\"text\": …}, {\"hex\": …} or {\"repeat\": …, "
                        + "\"times\": N}");
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
