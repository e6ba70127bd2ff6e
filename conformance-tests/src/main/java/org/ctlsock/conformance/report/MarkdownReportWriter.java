package org.ctlsock.conformance.report;

import java.util.List;
import java.util.stream.Stream;

/**
 * Writes {@code report.md}: the verdict, a summary table per section, every clause's outcome, then each
 * failure and warning with its evidence.
 */
public final class MarkdownReportWriter {
    private MarkdownReportWriter() {
    }

    public static String render(RunReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# ctlsock conformance report\n\n");
        md.append("- target: **").append(r.settings().targetName()).append("** (").append(r.settings().describedAs())
                .append(")\n");
        md.append("- capabilities claimed: ").append(r.settings().capabilities().isEmpty() ? "none"
                : String.join(", ", r.settings().capabilities().stream().map(c -> c.specName()).toList())).append('\n');
        md.append("- profile: ").append(org.ctlsock.conformance.implementation.SocketProfile.describe(r.settings()))
                .append('\n');
        md.append("- spec ").append(r.specVersion()).append(", kit ").append(r.kitVersion()).append(", started ")
                .append(r.startedAt()).append(", took ").append(r.durationMillis()).append(" ms\n");
        md.append("- verdict: **").append(r.verdict()).append("** — ").append(r.countsText())
                .append(" (clauses)\n\n");

        List<RunReport.Cause> causes = r.causes();
        if (!causes.isEmpty()) {
            md.append("## Failures by cause\n\n| clause | outcome | cases | first case | what went wrong |\n"
                    + "|---|---|---|---|---|\n");
            causes.forEach(k -> md.append(Headline.row(k.clause(), k.outcome().label(), k.count(), "`"
                    + k.firstCase().replace("|", "\\|") + "`", k.headline().replace("|", "\\|").replace("\n", " "))));
            md.append('\n');
        }
        md.append("## Summary per section\n\n")
                .append("| section | PASS | FAIL | WARN | KNOWN-FAIL | N/A | ERROR | not tested |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        List<Outcome> columns = List.of(Outcome.PASS, Outcome.FAIL, Outcome.WARN, Outcome.KNOWN_FAIL,
                Outcome.NOT_APPLICABLE, Outcome.ERROR, Outcome.NOT_TESTED);
        r.sections().forEach(s -> md.append(Headline.row(Stream.concat(Stream.of(s.id() + " " + s.title()),
                columns.stream().map(o -> s.counts().get(o) == 0 ? "" : s.counts().get(o))).toArray())));

        md.append("\n## Clauses\n\n| clause | level | outcome | cases | note |\n|---|---|---|---|---|\n");
        r.clauses().forEach(cr -> md.append(Headline.row(cr.clause().id(), cr.clause().level().text(),
                cr.outcome() == Outcome.PASS ? "PASS" : "**" + cr.outcome().label() + "**", cr.cases().size(),
                Headline.cell(cr.reason(), 200))));

        List<String> evidence = r.clauses().stream().flatMap(cr -> cr.cases().stream().filter(k -> k.message() != null
                        && k.outcome() != Outcome.PASS && k.outcome() != Outcome.NOT_APPLICABLE)
                .map(k -> "\n### " + k.outcome().label() + " " + cr.clause().id() + " — " + k.name() + "\n\n```\n"
                        + k.message().replace("```", "ʼʼʼ") + "\n```\n")).toList();
        if (!evidence.isEmpty()) {
            md.append("\n## Failures, warnings and errors, with evidence\n");
            evidence.forEach(md::append);
        }
        r.unattributed().stream().filter(k -> k.outcome() != Outcome.PASS).forEach(k -> md.append("\n### ")
                .append(k.outcome().label()).append(" (no clause) — ").append(k.name()).append("\n\n```\n")
                .append(k.evidence()).append("\n```\n"));
        return md.toString();
    }
}
