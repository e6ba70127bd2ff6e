package org.ctlsock.conformance.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        StringBuilder md = new StringBuilder();
        int tested = 0;
        int marked = 0;
        List<String> missing = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (ClauseResult c : r.clauses()) {
            String id = c.clause().id();
            List<String> cases = c.cases().stream().map(t -> "`" + t.caseId() + "` " + t.outcome().label()).toList();
            String note;
            if (!cases.isEmpty()) {
                tested++;
                note = c.reason() != null && c.outcome() != Outcome.PASS ? Headline.cell(c.reason(), 180) : "";
            } else if (untestable.containsKey(id)) {
                marked++;
                note = "untestable: " + Headline.cell(untestable.get(id), 180);
            } else {
                missing.add(id);
                note = "**no case ran** (" + Headline.cell(c.reason(), 180) + ")";
            }
            rows.append(Headline.row(id, c.clause().level().text(), cases.isEmpty() ? "—"
                    : String.join("<br>", cases), cases.isEmpty() ? "" : c.outcome().label(), note));
        }
        md.append("# ctlsock traceability matrix\n\n");
        md.append("Every clause of spec ").append(r.specVersion())
                .append(", the conformance cases that check it, and their outcome against **")
                .append(r.settings().targetName()).append("** (").append(r.settings().describedAs())
                .append(") in the run of ").append(r.startedAt()).append(", kit ").append(r.kitVersion()).append(".\n\n");
        md.append("- clauses with cases in this run: ").append(tested).append('\n');
        md.append("- untestable from outside (reason below, from `untestable-clauses.json`): ").append(marked).append('\n');
        md.append("- without any case in this run: ").append(missing.size())
                .append(missing.isEmpty() ? "" : " — " + String.join(", ", missing)).append("\n\n");
        md.append("Case ids are stable (see conformance-tests/CHANGELOG.md); run one with "
                + "`java -jar ctlsock-conformance.jar --target … --case ID`.\n\n");
        md.append("| clause | level | cases (outcome) | clause outcome | note |\n|---|---|---|---|---|\n");
        md.append(rows);
        return md.toString();
    }
}
