package org.ctlsock.conformance.runner;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.junit.ClauseLookup;
import org.ctlsock.conformance.CaseId;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.spec.SpecClause;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** The cases a discovery found, with their stable ids ({@link CaseId}), clause and level. */
record CaseCatalog(List<Entry> entries) {
    /**
     * One discovered case. {@code level} is null for a case that names no clause. {@code uniqueIds} has one JUnit
     * unique id, or several for a parameterized case or test factory whose values are split over classes of the same
     * method name (the malformed corpus's {@code malformedCorpus} in three classes, so that its slow part runs on
     * more threads): the id names the method, not the class, so they are one case, listed once and run together.
     */
    record Entry(String caseId, String clause, Level level, List<String> uniqueIds) {
    }

    static CaseCatalog of(TestPlan plan) {
        // Keyed by unique id; a template by its case id, so that its parts in other classes join its entry.
        Map<String, Entry> out = new LinkedHashMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                // A parameterized test is a container at discovery time: its invocations appear only when it runs.
                boolean template = !id.isTest()
                        && id.getUniqueId().matches(".*\\[(test-template|test-factory):[^\\]]*\\]$");
                if (id.isTest() || template) {
                    String caseId = CaseId.of(ReportListener.clauseOf(id), id.getUniqueId(), id.getDisplayName());
                    Optional<Clause> c = ClauseLookup.annotation(id.getSource());
                    Entry e = new Entry(caseId, c.map(Clause::value).orElse(null),
                            c.flatMap(k -> SpecCatalog.bundled().find(k.value())).map(SpecClause::level).orElse(null),
                            List.of(id.getUniqueId()));
                    out.merge(template ? caseId : id.getUniqueId(), e, (earlier, more) -> new Entry(earlier.caseId(),
                            earlier.clause(), earlier.level(), Stream.concat(earlier.uniqueIds().stream(),
                                    more.uniqueIds().stream()).toList()));
                }
            }
        }
        return new CaseCatalog(List.copyOf(out.values()));
    }

    /** The entries in spec order (4.2.10 after 4.2.9), then by name; cases of no clause last. */
    List<Entry> sorted() {
        return entries.stream().sorted(Comparator.comparing((Entry e) -> clauseKey(e.clause()))
                .thenComparing(Entry::caseId)).toList();
    }

    /** {@code 4.2.10} as {@code 0004.0002.0010.}, which sorts as the spec does; no clause sorts last. */
    private static String clauseKey(String clause) {
        return clause == null ? "~" : Arrays.stream(clause.split("\\."))
                .map(part -> String.format("%04d.", Integer.parseInt(part))).collect(Collectors.joining());
    }

    /**
     * The case that runs {@code caseId}, which may be any id a report prints: a case as {@code --list} shows it,
     * or one value of a parameterized case or test factory ({@code 5.1.2/vectors[query ignored in the name:
     * /echo?x=1]}). A factory's values can each check another clause, so its listed id may carry another clause
     * ({@code no-clause/vectors}) than the value's: for a value, the method name decides.
     */
    Optional<Entry> find(String caseId) {
        Optional<Entry> exact = entries.stream().filter(e -> e.caseId().equals(caseId)).findFirst();
        int bracket = caseId.indexOf('[');
        if (exact.isPresent() || bracket < 0 || !caseId.endsWith("]")) {
            return exact;
        }
        String base = caseId.substring(0, bracket);
        String method = base.substring(base.indexOf('/') + 1);
        return entries.stream().filter(e -> e.caseId().equals(base)).findFirst()
                .or(() -> entries.stream().filter(e -> e.caseId().substring(e.caseId().indexOf('/') + 1).equals(method)
                        && (e.clause() == null || base.startsWith(e.clause() + "/"))).findFirst());
    }
}
