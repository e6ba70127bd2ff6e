package org.ctlsock.conformance.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The clauses of the spec version the kit checks, as bundled in the kit's jar: ids and levels from
 * {@code clauses.json}, full sentences from the section files (for failure messages).
 */
public final class SpecCatalog {
    private static final String BASE = "/org/ctlsock/conformance/spec/";
    private final String version;
    private final Map<String, SpecClause> clauses;

    SpecCatalog(String version, Map<String, SpecClause> clauses) {
        this.version = version;
        this.clauses = Collections.unmodifiableMap(clauses);
    }

    /**
     * Loaded once per JVM, when the class is first used: the bundled spec is immutable data shared by every run, not
     * a run's state (which lives in {@link org.ctlsock.conformance.KitRun}).
     */
    private static final SpecCatalog BUNDLED = load();

    /** The catalog bundled with the kit (loaded once). */
    public static SpecCatalog bundled() {
        return BUNDLED;
    }

    private static SpecCatalog load() {
        try {
            JsonNode index = new ObjectMapper().readTree(resource("clauses.json"));
            Map<String, Map<String, SpecClause>> byFile = new HashMap<>();
            Map<String, SpecClause> out = new LinkedHashMap<>();
            for (JsonNode c : index.get("clauses")) {
                String file = c.get("file").asText();
                Map<String, SpecClause> parsed = byFile.computeIfAbsent(file, SpecCatalog::parseFile);
                String id = c.get("id").asText();
                String text = parsed.containsKey(id) ? parsed.get(id).text() : c.get("summary").asText();
                out.put(id, new SpecClause(id, Level.fromText(c.get("level").asText()), c.get("section").asText(),
                        c.get("title").asText(), file, c.get("summary").asText(), text));
            }
            return new SpecCatalog(index.get("version").asText(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled spec index", e);
        }
    }

    private static Map<String, SpecClause> parseFile(String file) {
        try (InputStream in = SpecCatalog.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                return Map.of();
            }
            return SpecTextParser.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream()
                    .collect(Collectors.toMap(SpecClause::id, c -> c, (earlier, later) -> later));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SpecCatalog.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IOException("resource " + BASE + name + " is missing from the kit");
        }
        return in;
    }

    public String version() {
        return version;
    }

    public Collection<SpecClause> all() {
        return clauses.values();
    }

    public Optional<SpecClause> find(String id) {
        return Optional.ofNullable(clauses.get(id));
    }

    public SpecClause get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no clause " + id + " in spec " + version));
    }
}
