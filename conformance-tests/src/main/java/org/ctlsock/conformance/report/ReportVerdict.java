package org.ctlsock.conformance.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's verdict in words, from its report model: FAIL or ERROR anywhere (including "expected failure now
 * passes") fails the run; WARN, KNOWN-FAIL, N/A and "not tested" do not; a run stopped early says so.
 */
public final class ReportVerdict {
    private ReportVerdict() {
    }

    /** {@code ctlsock: 61 PASS, 1 FAIL, 2 WARN, … (clauses)} */
    public static String summaryLine(RunReport r) {
        return "ctlsock conformance: " + (r.passed() ? "PASS" : "FAIL") + " — " + r.countsText() + " (clauses)";
    }

    /** The failing clauses of a run, with their reason, and a line when the run was stopped; empty when it passed. */
    public static List<String> failures(RunReport r) {
        List<String> out = new ArrayList<>();
        for (ClauseResult c : r.clauses()) {
            if (c.outcome().failsTheBuild()) {
                String why = c.reason() != null ? c.reason() : firstFailure(c.cases());
                out.add(c.outcome().label() + " " + c.clause().id() + " " + c.clause().level().text() + " — " + why);
            }
        }
        for (CaseRecord t : r.unattributed()) {
            if (t.outcome().failsTheBuild()) {
                out.add(t.outcome().label() + " " + t.name() + " — " + firstLine(t.evidence()));
            }
        }
        // A run stopped early (its ceiling, a signal) must not pass for a complete one.
        List<String> notRun = r.clauses().stream().flatMap(c -> c.cases().stream()).map(CaseRecord::evidence)
                .filter(e -> e.startsWith("not run: ")).map(ReportVerdict::firstLine).toList();
        if (!notRun.isEmpty()) {
            out.add("STOPPED — " + notRun.size() + " cases " + notRun.get(0));
        }
        return out;
    }

    private static String firstFailure(List<CaseRecord> tests) {
        for (CaseRecord t : tests) {
            if (t.outcome().failsTheBuild()) {
                return t.name() + ": " + firstLine(t.evidence().replaceFirst("(?s)^\\[[0-9.]+\\][^\n]*\n\n", ""));
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        String l = s.strip().split("\n", 2)[0];
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }
}
