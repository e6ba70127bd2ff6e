package org.ctlsock.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.spec.SpecClause;
import org.junit.jupiter.api.Test;

/**
 * The kit's own rules, checked over every clause test: each {@link Clause} names an existing clause at
 * its spec level, carries the matching tags, and is named after it; untestable clauses are listed
 * only in {@code untestable-clauses.json}, with a reason.
 */
class KitConventionsTest {

    static List<Class<?>> clauseClasses() throws IOException, URISyntaxException {
        Path root = Path.of(KitRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(KitRunner.CLAUSE_PACKAGE.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    out.add(Class.forName(name, false, KitConventionsTest.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    static Map<Method, Clause> clauseMethods() throws Exception {
        Map<Method, Clause> out = new LinkedHashMap<>();
        for (Class<?> c : clauseClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                Clause clause = m.getAnnotation(Clause.class);
                if (clause != null) {
                    out.put(m, clause);
                }
            }
        }
        return out;
    }

    static Set<String> tags(Method m) {
        Set<String> tags = new TreeSet<>();
        Arrays.stream(m.getAnnotationsByType(org.junit.jupiter.api.Tag.class)).forEach(t -> tags.add(t.value()));
        return tags;
    }

    static boolean isTest(Method m) {
        return m.isAnnotationPresent(org.junit.jupiter.api.Test.class)
                || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class)
                || m.isAnnotationPresent(org.junit.jupiter.api.RepeatedTest.class);
    }

    @Test
    void thereAreClauseTests() throws Exception {
        assertThat(clauseMethods()).as("clause tests found in " + KitRunner.CLAUSE_PACKAGE).hasSizeGreaterThan(20);
    }

    @Test
    void everyClauseAnnotationNamesAnExistingClauseAtItsLevel() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Method, Clause> e : clauseMethods().entrySet()) {
            Method m = e.getKey();
            Clause c = e.getValue();
            String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
            SpecClause spec = SpecCatalog.bundled().find(c.id()).orElse(null);
            if (spec == null) {
                problems.add(where + ": @Clause(id = \"" + c.id() + "\") is not a clause of spec/clauses.json");
                continue;
            }
            if (spec.level() != c.level()) {
                problems.add(where + ": level " + c.level() + " but the spec says " + spec.level().text());
            }
            Set<String> expected = Set.of("clause-" + c.id(), c.level().tag());
            if (!tags(m).containsAll(expected)) {
                problems.add(where + ": tags " + tags(m) + " lack " + expected);
            }
            String prefix = switch (c.level()) {
                case MUST -> "must_";
                case MUST_NOT -> "mustNot_";
                case SHOULD -> "should_";
                case SHOULD_NOT -> "shouldNot_";
                case MAY -> "may_";
            } + c.id().replace('.', '_') + "_";
            if (!m.getName().startsWith(prefix)) {
                problems.add(where + ": name should start with " + prefix);
            }
            if (!isTest(m)) {
                problems.add(where + ": has @Clause but is not a test method");
            }
            if (!m.getDeclaringClass().isAnnotationPresent(ConformanceTest.class)) {
                problems.add(where + ": its class lacks @ConformanceTest");
            }
        }
        assertThat(problems).as("clause tests that break the kit's conventions (see HARNESS.md)").isEmpty();
    }

    @Test
    void everyTestInAClauseClassNamesItsClause() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> c : clauseClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (isTest(m) && !m.isAnnotationPresent(Clause.class)) {
                    missing.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(missing).as("test methods without @Clause (the report could not place them)").isEmpty();
    }

    static Map<String, String> untestable() {
        return org.ctlsock.conformance.report.UntestableClauses.all();
    }

    /** The clauses that a clause test or a shared vector (fixtures/vectors) checks. */
    static Set<String> testedClauses() throws Exception {
        Set<String> tested = clauseMethods().values().stream().map(Clause::id).collect(Collectors.toSet());
        org.ctlsock.conformance.vectors.VectorFiles.loadDir(Path.of(System.getProperty("ctlsock.vectors.dir",
                "../fixtures/vectors"))).values().forEach(vs -> vs.forEach(v -> tested.add(v.clause())));
        return tested;
    }

    @Test
    void untestableClausesExistAndSayWhy() throws Exception {
        Set<String> tested = testedClauses();
        for (Map.Entry<String, String> e : untestable().entrySet()) {
            assertThat(SpecCatalog.bundled().find(e.getKey())).as("untestable clause " + e.getKey() + " exists")
                    .isPresent();
            assertThat(e.getValue()).as("reason why " + e.getKey() + " is untestable").isNotBlank();
            assertThat(tested).as("a clause listed as untestable has a test after all: " + e.getKey())
                    .doesNotContain(e.getKey());
        }
    }

    /**
     * Every clause has a test or a reason in untestable-clauses.json. Enforced with
     * {@code -Dctlsock.requireEveryClause=true} (the lead turns it on when sections 2, 3, 7 and 9 are in).
     */
    @Test
    void everyClauseHasATestOrIsUntestable() throws Exception {
        Set<String> tested = testedClauses();
        Map<String, String> untestable = untestable();
        List<String> uncovered = SpecCatalog.bundled().all().stream().map(SpecClause::id)
                .filter(id -> !tested.contains(id) && !untestable.containsKey(id)).toList();
        if (Boolean.getBoolean("ctlsock.requireEveryClause")) {
            assertThat(uncovered).as("clauses with no test and no entry in untestable-clauses.json").isEmpty();
        } else if (!uncovered.isEmpty()) {
            System.out.println("ctlsock kit: " + uncovered.size() + " clauses have no test yet: " + uncovered);
        }
    }
}
