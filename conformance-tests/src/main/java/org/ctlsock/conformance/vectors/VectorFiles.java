package org.ctlsock.conformance.vectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.SpecCatalog;

/**
 * Reads the shared vectors: from {@code -Dctlsock.vectors.dir} when given, else from the copy bundled
 * in the kit ({@code org/ctlsock/conformance/vectors/}). Strict like the descriptor: an unknown member
 * is an error, so a typo cannot silently drop a check.
 */
public final class VectorFiles {
    private static final String BUNDLED = "/org/ctlsock/conformance/vector-data";
    private static final Set<String> FILE_MEMBERS = Set.of("about", "vectors");
    private static final Set<String> VECTOR_MEMBERS = Set.of("name", "clause", "request", "requestHex", "expect",
            "note");
    static final Set<String> EXPECT_MEMBERS = Set.of("status", "headers", "body", "connection", "orClose");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private VectorFiles() {
    }

    /** All vector files, by file name, each with its vectors in order. */
    public static Map<String, List<Vector>> load() {
        return load("", VectorFiles::parse);
    }

    /**
     * The vector files of a subdirectory of the vectors directory (e.g. {@code malformed}), read by
     * {@code parser}: from {@code -Dctlsock.vectors.dir} when given, else from the copy bundled in the kit.
     */
    public static <T> Map<String, List<T>> load(String subdir, BiFunction<String, byte[], List<T>> parser) {
        String dir = System.getProperty("ctlsock.vectors.dir");
        if (dir != null && !dir.isBlank() && Files.isDirectory(Path.of(dir))) {
            return loadDir(Path.of(dir).resolve(subdir), parser);
        }
        String bundled = subdir.isEmpty() ? BUNDLED : BUNDLED + "/" + subdir;
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
                return loadDir(fs.getPath(bundled), parser);
            }
            return loadDir(Path.of(uri), parser);
        } catch (URISyntaxException | IOException e) {
            throw new KitError("cannot list the bundled vectors: " + e, e);
        }
    }

    public static Map<String, List<Vector>> loadDir(Path dir) {
        return loadDir(dir, VectorFiles::parse);
    }

    public static <T> Map<String, List<T>> loadDir(Path dir, BiFunction<String, byte[], List<T>> parser) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.put(f.getFileName().toString(), parser.apply(f.getFileName().toString(), Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new KitError("cannot read vectors in " + dir + ": " + e, e);
        }
        return out;
    }

    public static List<Vector> parse(String file, byte[] json) {
        List<Vector> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : vectorNodes(file, json)) {
            out.add(vector(file, v, "vector file " + file + ", vectors[" + i++ + "]"));
        }
        return out;
    }

    /** The {@code vectors} array of a vector file, after checking the file's own members. */
    public static JsonNode vectorNodes(String file, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new KitError("vector file " + file + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("vectors") || !root.get("vectors").isArray()) {
            throw new KitError("vector file " + file + ": must be an object with a \"vectors\" array");
        }
        onlyMembers(root, FILE_MEMBERS, "vector file " + file);
        return root.get("vectors");
    }

    /** One vector of the shared format, checked strictly ({@code where} says where it is, for errors). */
    public static Vector vector(String file, JsonNode v, String where) {
        onlyMembers(v, VECTOR_MEMBERS, where);
        String name = text(v, "name", where);
        String clause = text(v, "clause", where);
        if (SpecCatalog.bundled().find(clause).isEmpty()) {
            throw new KitError(where + ": \"" + clause + "\" is not a clause of the spec");
        }
        byte[] request;
        if (v.has("request") == v.has("requestHex")) {
            throw new KitError(where + " (" + name + "): give exactly one of \"request\" and \"requestHex\"");
        } else if (v.has("request")) {
            request = text(v, "request", where).getBytes(StandardCharsets.UTF_8);
        } else {
            request = HexFormat.of().parseHex(text(v, "requestHex", where).replace(" ", ""));
        }
        JsonNode expect = v.get("expect");
        if (expect == null || !expect.isObject()) {
            throw new KitError(where + " (" + name + "): missing \"expect\" object");
        }
        checkExpect(expect, where + " (" + name + ").expect");
        return new Vector(file, name, clause, request, expect);
    }

    /** An {@code expect} object: known members only, and a status. */
    public static void checkExpect(JsonNode expect, String where) {
        if (expect == null || !expect.isObject()) {
            throw new KitError(where + ": must be an object");
        }
        onlyMembers(expect, EXPECT_MEMBERS, where);
        if (!expect.has("status")) {
            throw new KitError(where + ": needs a \"status\"");
        }
    }

    static void onlyMembers(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new KitError(where + ": must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String m = it.next();
            if (!allowed.contains(m)) {
                throw new KitError(where + ": unknown member \"" + m + "\" (allowed: " + allowed + ")");
            }
        }
    }

    static String text(JsonNode node, String member, String where) {
        JsonNode v = node.get(member);
        if (v == null || !v.isTextual()) {
            throw new KitError(where + ": \"" + member + "\" must be a string");
        }
        return v.asText();
    }
}
