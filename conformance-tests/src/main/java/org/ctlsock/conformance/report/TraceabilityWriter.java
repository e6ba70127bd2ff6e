package org.ctlsock.conformance.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code traceability.md}: for every clause of the spec, the cases that check it and their
 * outcome in this run (the Maven build runs it against the reference server), or the reason it is
 * untestable, or a loud "no test". Rendered from the run's report model, as {@code report.json} is, so the two
 * can never disagree.
 */
public final class TraceabilityWriter {
    private TraceabilityWriter() {
    }

    public static String render(RunReport r, Map<String, String> untestable) {
        List<ClauseResult> clauses = r.clauses();
        long tested = clauses.stream().filter(c -> !c.cases().isEmpty()).count();
        List<String> caseless = clauses.stream().filter(c -> c.cases().isEmpty()).map(c -> c.clause().id()).toList();
        List<String> missing = caseless.stream().filter(id -> !untestable.containsKey(id)).toList();
        return """
                # ctlsock traceability matrix

                Every clause of spec %s, the conformance cases that check it, and their outcome against **%s** (%s) \
                in the run of %s, kit %s.

                - clauses with cases in this run: %s
                - untestable from outside (reason below, from `untestable-clauses.json`): %s
                - without any case in this run: %s%s

                Case ids are stable (see conformance-tests/CHANGELOG.md); run one with \
                `java -jar ctlsock-conformance.jar --target … --case ID`.

                | clause | level | cases (outcome) | clause outcome | note |
                |---|---|---|---|---|
                """.formatted(r.specVersion(), r.settings().targetName(), r.settings().describedAs(), r.startedAt(),
                r.kitVersion(), tested, caseless.size() - missing.size(), missing.size(),
                missing.isEmpty() ? "" : " — " + String.join(", ", missing))
                + clauses.stream().map(c -> row(c, untestable)).collect(Collectors.joining());
    }

    /** One clause's row: its cases and outcome, or why it has none (untestable, or a loud "no case ran"). */
    private static String row(ClauseResult c, Map<String, String> untestable) {
        String id = c.clause().id();
        List<String> cases = c.cases().stream().map(t -> "`" + t.caseId() + "` " + t.outcome().label()).toList();
        String note = !cases.isEmpty()
                ? (c.reason() != null && c.outcome() != Outcome.PASS ? Headline.cell(c.reason(), 180) : "")
                : untestable.containsKey(id) ? "untestable: " + Headline.cell(untestable.get(id), 180)
                : "**no case ran** (" + Headline.cell(c.reason(), 180) + ")";
        return Headline.row(id, c.clause().level().text(), cases.isEmpty() ? "—" : String.join("<br>", cases),
                cases.isEmpty() ? "" : c.outcome().label(), note);
    }
}
