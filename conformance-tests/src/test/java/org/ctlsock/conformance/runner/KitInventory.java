package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.KitRunner;
import org.ctlsock.conformance.spec.SpecCatalog;

/**
 * What the kit contains, read from the build's class files and the vector files (not from a run): every
 * method with {@link Clause} in the clause package, and every vector that names a clause.
 */
final class KitInventory {
    /** Where a clause is cited: {@code Section4_1_VersionsAndHostTest.x} or {@code vectors/x.json}. */
    record Citation(String clause, String level, String where) {
    }

    private KitInventory() {
    }

    static List<Citation> clauseTests() {
        List<Citation> out = new ArrayList<>();
        Path root;
        try {
            root = Path.of(KitRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path pkg = root.resolve(KitRunner.CLAUSE_PACKAGE.replace('.', '/'));
        if (!Files.isDirectory(pkg)) {
            throw new IllegalStateException("no clause classes under " + pkg);
        }
        try (Stream<Path> files = Files.walk(pkg)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, KitInventory.class.getClassLoader());
                for (Method m : c.getDeclaredMethods()) {
                    Clause clause = m.getAnnotation(Clause.class);
                    if (clause != null) {
                        out.add(new Citation(clause.value(), SpecCatalog.bundled().find(clause.value())
                                .map(s -> s.level().text()).orElse("(not in the spec)"), c.getSimpleName() + "." + m.getName()));
                    } else if (isTest(m)) {
                        // A case the report could not place: cited as "", which the traceability check refuses.
                        out.add(new Citation("", "", c.getSimpleName() + "." + m.getName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A test factory is left out: each dynamic case names its clause in its display name ({@code [4.3.4] …}). */
    private static boolean isTest(Method m) {
        return m.isAnnotationPresent(org.junit.jupiter.api.Test.class)
                || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class)
                || m.isAnnotationPresent(org.junit.jupiter.api.RepeatedTest.class);
    }

    /** Clause ids that vector files cite (any member {@code "clause": "x.y.z"} or {@code "clauses": [...]}). */
    static List<Citation> vectors() {
        String dir = System.getProperty("ctlsock.vectors.dir");
        List<Citation> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return out;
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                collect(json.readTree(Files.readAllBytes(f)), "vectors/" + Path.of(dir).relativize(f), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void collect(JsonNode n, String where, List<Citation> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("clause") && e.getValue().isTextual()) {
                    out.add(new Citation(e.getValue().asText(), null, where));
                } else if (e.getKey().equals("clauses") && e.getValue().isArray()) {
                    e.getValue().forEach(v -> {
                        if (v.isTextual()) {
                            out.add(new Citation(v.asText(), null, where));
                        }
                    });
                } else {
                    collect(e.getValue(), where, out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(v -> collect(v, where, out));
        }
    }

    /** Clause id → where it is cited. */
    static Map<String, List<String>> byClause(List<Citation> citations) {
        Map<String, List<String>> m = new TreeMap<>();
        citations.forEach(c -> m.computeIfAbsent(c.clause(), k -> new ArrayList<>()).add(c.where()));
        return m;
    }
}
