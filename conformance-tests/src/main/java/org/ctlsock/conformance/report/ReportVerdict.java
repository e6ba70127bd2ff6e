package org.ctlsock.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The build's verdict, from {@code report.json}: FAIL or ERROR anywhere (including "expected failure
 * now passes") fails the build; WARN, KNOWN-FAIL, N/A and "not tested" do not. Surefire alone cannot
 * tell, since it never sees clause-level outcomes.
 */
public final class ReportVerdict {
    private ReportVerdict() {
    }

    /** {@code ctlsock: 61 PASS, 1 FAIL, 2 WARN, … (clauses)} */
    public static String summaryLine(RunReport r) {
        StringBuilder sb = new StringBuilder("ctlsock conformance: ").append(r.passed() ? "PASS" : "FAIL").append(" — ");
        boolean first = true;
        for (Map.Entry<Outcome, Integer> e : r.counts().entrySet()) {
            if (e.getValue() > 0) {
                sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().label());
                first = false;
            }
        }
        return sb.append(" (clauses)").toString();
    }

    /** The failing clauses listed in a report file, with their reason; empty when the run passed. */
    public static List<String> failures(Path reportJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(reportJson));
        List<String> out = new ArrayList<>();
        for (JsonNode c : root.get("clauses")) {
            Outcome o = Outcome.fromLabel(c.get("outcome").asText());
            if (o.failsTheBuild()) {
                String why = c.has("reason") ? c.get("reason").asText() : firstFailure(c.get("tests"));
                out.add(o.label() + " " + c.get("id").asText() + " " + c.get("level").asText() + " — " + why);
            }
        }
        for (JsonNode t : root.get("unattributed")) {
            Outcome o = Outcome.fromLabel(t.get("outcome").asText());
            if (o.failsTheBuild()) {
                out.add(o.label() + " " + t.get("name").asText() + " — " + firstLine(t.path("evidence").asText()));
            }
        }
        // A run stopped early (its ceiling, a signal) must not pass for a complete one.
        List<String> notRun = new ArrayList<>();
        for (JsonNode c : root.get("clauses")) {
            for (JsonNode t : c.path("tests")) {
                if (t.path("evidence").asText().startsWith("not run: ")) {
                    notRun.add(firstLine(t.path("evidence").asText()));
                }
            }
        }
        if (!notRun.isEmpty()) {
            out.add("STOPPED — " + notRun.size() + " cases " + notRun.get(0));
        }
        return out;
    }

    private static String firstFailure(JsonNode tests) {
        for (JsonNode t : tests) {
            Outcome o = Outcome.fromLabel(t.get("outcome").asText());
            if (o.failsTheBuild()) {
                return t.get("name").asText() + ": " + firstLine(t.path("evidence").asText()
                        .replaceFirst("(?s)^\\[[0-9.]+\\][^\n]*\n\n", ""));
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        String l = s.strip().split("\n", 2)[0];
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }

    /** Fails (by throwing, so that it also works inside Maven's JVM) when the report says the target fails. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReportVerdict path/to/report.json");
        }
        Path report = Path.of(args[0]);
        if (!Files.isRegularFile(report)) {
            throw new IllegalStateException("no conformance report at " + report + ": the conformance run did not "
                    + "happen or wrote no report (run with -DskipTests to skip both)");
        }
        List<String> failures = failures(report);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the target fails " + failures.size() + " clause(s) — see "
                    + report.resolveSibling("report.md") + "\n  " + String.join("\n  ", failures));
        }
        System.out.println("ctlsock conformance verdict: PASS (" + report + ")");
    }
}
