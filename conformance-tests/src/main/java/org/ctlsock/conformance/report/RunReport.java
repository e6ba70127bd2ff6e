package org.ctlsock.conformance.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.spec.SpecCatalog;

/**
 * The result of a kit run: per clause of the spec, its outcome and cases; plus cases that name no
 * clause (and harness errors outside any case).
 */
public record RunReport(String kitVersion, String specVersion, KitSettings settings, Instant startedAt,
        long durationMillis, List<ClauseResult> clauses, List<CaseRecord> unattributed) {

    public static final String SCHEMA = "ctlsock-report/1";

    /** The run's cases folded into one result per clause of {@code catalog} ({@link ClauseResult#of}). */
    public static RunReport of(List<CaseRecord> cases, SpecCatalog catalog, KitSettings settings, Instant startedAt,
            long durationMillis) {
        Map<Boolean, List<CaseRecord>> named = cases.stream()
                .collect(Collectors.partitioningBy(c -> c.clause() != null && catalog.find(c.clause()).isPresent()));
        Map<String, List<CaseRecord>> byClause = named.get(true).stream()
                .collect(Collectors.groupingBy(CaseRecord::clause));
        List<ClauseResult> results = catalog.all().stream()
                .map(c -> ClauseResult.of(c, byClause.getOrDefault(c.id(), List.of()), settings)).toList();
        return new RunReport(KitVersion.get(), catalog.version(), settings, startedAt, durationMillis, results,
                named.get(false));
    }

    /** How many clauses ended with each outcome. */
    public Map<Outcome, Integer> counts() {
        return countsOf(clauses);
    }

    /** One section of the spec in this run: its clauses in spec order, and how many ended with each outcome. */
    public record Section(String id, String title, List<ClauseResult> clauses, Map<Outcome, Integer> counts) {
    }

    /** The sections, in spec order: the one walk of the model that the per-section tables of the reports share. */
    public List<Section> sections() {
        Map<String, List<ClauseResult>> bySection = new LinkedHashMap<>();
        clauses.forEach(c -> bySection.computeIfAbsent(c.clause().section(), k -> new ArrayList<>()).add(c));
        return bySection.entrySet().stream().map(e -> new Section(e.getKey(), e.getValue().get(0).clause().title(),
                e.getValue(), countsOf(e.getValue()))).toList();
    }

    /** Every outcome, with how many of {@code results} ended with it (0 included). */
    private static Map<Outcome, Integer> countsOf(List<ClauseResult> results) {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        Arrays.stream(Outcome.values()).forEach(o -> m.put(o, 0));
        results.forEach(c -> m.merge(c.outcome(), 1, Integer::sum));
        return m;
    }

    /** The non-zero counts in words: {@code 61 PASS, 1 FAIL, 2 WARN}. */
    public String countsText() {
        return counts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "));
    }

    /** FAIL or ERROR anywhere fails the run; WARN, KNOWN-FAIL, N/A and "not tested" do not. */
    public boolean passed() {
        return clauses.stream().noneMatch(c -> c.outcome().failsTheBuild())
                && unattributed.stream().noneMatch(c -> c.outcome().failsTheBuild());
    }

    /** One cause of FAILs and ERRORs (issue 19: the first screen shows the few real problems, not 48 lines of one). */
    public record Cause(String clause, Outcome outcome, String headline, String firstCase, int count) {
    }

    /** The FAIL and ERROR cases grouped by {@link Headline#causeKey}, in clause order, each with its count. */
    public List<Cause> causes() {
        Map<String, Cause> byKey = new LinkedHashMap<>();
        clauses.forEach(cr -> cr.cases().stream().filter(k -> k.outcome().failsTheBuild()).forEach(k -> {
            String headline = Headline.of(k.message());
            String key = k.outcome().label() + " " + Headline.causeKey(cr.clause().id(), headline);
            byKey.merge(key, new Cause(cr.clause().id(), k.outcome(), headline, k.caseId(), 1), (had, one) ->
                    new Cause(had.clause(), had.outcome(), had.headline(), had.firstCase(), had.count() + 1));
        }));
        return List.copyOf(byKey.values());
    }

    /**
     * Whether cases were left unrun because the run was stopped: its ceiling, a signal, or a target whose program
     * cannot be run at all.
     */
    public boolean stopped() {
        return clauses.stream().flatMap(c -> c.cases().stream()).map(CaseRecord::evidence)
                .anyMatch(e -> e != null && e.startsWith("not run: "));
    }

    /** PASS, FAIL, or STOPPED: nothing failed but cases were not run, which must not read as a pass. */
    public String verdict() {
        return !passed() ? "FAIL" : stopped() ? "STOPPED" : "PASS";
    }

    /** {@code ctlsock conformance: PASS — 61 PASS, 2 WARN, … (clauses)} */
    public String summaryLine() {
        return "ctlsock conformance: " + verdict() + " — " + countsText() + " (clauses)";
    }

    /**
     * The failing clauses of the run, with their reason, and a line when the run was stopped; empty when it passed.
     * FAIL or ERROR anywhere (including "expected failure now passes") fails the run; WARN, KNOWN-FAIL, N/A and "not
     * tested" do not.
     */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        clauses.stream().filter(c -> c.outcome().failsTheBuild()).forEach(c -> out.add(c.outcome().label() + " "
                + c.clause().id() + " " + c.clause().level().text() + " — "
                + (c.reason() != null ? c.reason() : firstFailure(c.cases()))));
        unattributed.stream().filter(t -> t.outcome().failsTheBuild()).forEach(t -> out.add(t.outcome().label()
                + " " + t.name() + " — " + Headline.firstLine(t.evidence(), 300)));
        // A run stopped early (its ceiling, a signal) must not pass for a complete one.
        List<String> notRun = clauses.stream().flatMap(c -> c.cases().stream()).map(CaseRecord::evidence)
                .filter(e -> e.startsWith("not run: ")).map(e -> Headline.firstLine(e, 300)).toList();
        if (!notRun.isEmpty()) {
            out.add("STOPPED — " + notRun.size() + " cases " + notRun.get(0));
        }
        return out;
    }

    private static String firstFailure(List<CaseRecord> tests) {
        return tests.stream().filter(t -> t.outcome().failsTheBuild()).findFirst().map(t -> t.name() + ": "
                + Headline.firstLine(t.evidence().replaceFirst("(?s)^\\[[0-9.]+\\][^\n]*\n\n", ""), 300)).orElse("");
    }
}
