package org.ctlsock.conformance.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.implementation.ExpectedFailure;

/**
 * Writes {@code report.html} from the run's report model: one self-contained page (inline CSS, no script, no
 * external asset) for a person. Sections with failures come first, with their counts; inside a section the
 * worst clauses come first; every case is a {@code <details>} that opens to what went wrong, its wire log
 * and the server's output. Failing cases are open from the start.
 */
public final class HtmlReportWriter {
    private static final List<Outcome> COLUMNS = List.of(Outcome.FAIL, Outcome.ERROR, Outcome.WARN, Outcome.KNOWN_FAIL,
            Outcome.PASS, Outcome.NOT_APPLICABLE, Outcome.NOT_TESTED);

    private HtmlReportWriter() {
    }

    public static String render(RunReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        boolean pass = r.passed();
        String target = r.settings().targetName();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ctlsock conformance: ").append(esc(target)).append(" — ").append(pass ? "PASS" : "FAIL")
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, r, pass);
        List<RunReport.Section> sections = r.sections();
        summaryTable(h, sections);
        List<RunReport.Section> ordered = new ArrayList<>(sections);
        ordered.sort(Comparator.comparingInt(s -> worstRank(s.clauses())));
        h.append("<main>\n");
        for (RunReport.Section s : ordered) {
            section(h, s);
        }
        unattributed(h, r.unattributed());
        h.append("</main>\n<footer>ctlsock-conformance ").append(esc(r.kitVersion()))
                .append(" · report schema ").append(esc(RunReport.SCHEMA)).append("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunReport r, boolean pass) {
        h.append("<header>\n<h1>ctlsock conformance report <span class=\"verdict ").append(pass ? "pass" : "fail")
                .append("\" id=\"verdict\">").append(pass ? "PASS" : "FAIL").append("</span></h1>\n<dl>\n");
        dt(h, "target", esc(r.settings().targetName()) + " <code>" + esc(r.settings().describedAs()) + "</code>");
        List<String> caps = r.settings().capabilities().stream().map(c -> c.specName()).toList();
        dt(h, "capabilities claimed", caps.isEmpty() ? "none" : esc(String.join(", ", caps)));
        dt(h, "profile", esc(org.ctlsock.conformance.implementation.SocketProfile.describe(r.settings())));
        List<RunReport.Cause> causes = r.causes();
        if (!causes.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (RunReport.Cause k : causes) {
                list.append(list.length() == 0 ? "" : "<br>").append(esc(k.clause() + " " + k.outcome().label()))
                        .append(k.count() > 1 ? " ×" + k.count() : "").append(": ").append(esc(k.headline()))
                        .append(" <code>").append(esc(k.firstCase())).append("</code>");
            }
            dt(h, "failures by cause", list.toString());
        }
        dt(h, "spec / kit", "ctlsock " + esc(r.specVersion()) + " / ctlsock-conformance " + esc(r.kitVersion()));
        dt(h, "run", esc(r.startedAt().toString()) + ", " + String.format("%.1f s", r.durationMillis() / 1000.0)
                + (r.settings().strict() ? ", strict" : ""));
        List<String> sel = new ArrayList<>(r.settings().clauseSelection());
        r.settings().levelSelection().forEach(l -> sel.add(l.text()));
        if (!sel.isEmpty()) {
            dt(h, "selection", esc(String.join(", ", sel)));
        }
        dt(h, "clauses", outcomeSpans(r.counts()));
        if (!r.settings().expectedFailures().isEmpty()) {
            StringBuilder ef = new StringBuilder("<ul>");
            for (ExpectedFailure f : r.settings().expectedFailures().values()) {
                ef.append("<li>").append(esc(f.key())).append(f.intermittent() ? " (intermittent)" : "").append(": ")
                        .append(esc(f.reason()));
                if (f.link() != null) {
                    ef.append(" (").append(esc(f.link())).append(')');
                }
                ef.append("</li>");
            }
            dt(h, "expected failures", ef.append("</ul>").toString());
        }
        h.append("</dl>\n</header>\n");
    }

    private static void summaryTable(StringBuilder h, List<RunReport.Section> sections) {
        h.append("<div class=\"wrap\"><table class=\"summary\">\n<thead><tr><th>section</th>");
        for (Outcome o : COLUMNS) {
            h.append("<th>").append(esc(o.label())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (RunReport.Section s : sections) {
            h.append("<tr><td><a href=\"#s").append(esc(s.id())).append("\">").append(esc(s.id())).append(' ')
                    .append(spec(s.title())).append("</a></td>");
            for (Outcome o : COLUMNS) {
                int k = s.counts().get(o);
                h.append("<td class=\"").append(k > 0 ? o.cssClass() : "").append("\">").append(k == 0 ? "" : k)
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** The non-zero counts, worst first: {@code <span class="o fail">2 FAIL</span> …}. */
    private static String outcomeSpans(Map<Outcome, Integer> counts) {
        StringBuilder spans = new StringBuilder();
        for (Outcome o : COLUMNS) {
            int n = counts.get(o);
            if (n > 0) {
                spans.append("<span class=\"o ").append(o.cssClass()).append("\">").append(n).append(' ')
                        .append(esc(o.label())).append("</span> ");
            }
        }
        return spans.toString();
    }

    private static void section(StringBuilder h, RunReport.Section s) {
        h.append("<section id=\"s").append(esc(s.id())).append("\">\n<h2>").append(esc(s.id())).append(' ')
                .append(spec(s.title())).append(" <small>").append(outcomeSpans(s.counts()))
                .append("</small></h2>\n");
        List<ClauseResult> sorted = new ArrayList<>(s.clauses());
        sorted.sort(Comparator.comparingInt(c -> rank(c.outcome())));
        for (ClauseResult c : sorted) {
            Outcome o = c.outcome();
            String cid = c.clause().id();
            h.append("<div class=\"clause ").append(o.cssClass()).append("\" id=\"c").append(esc(cid))
                    .append("\">\n<p><span class=\"o ").append(o.cssClass()).append("\">").append(esc(o.label()))
                    .append("</span> <b>").append(esc(cid)).append("</b> <i>")
                    .append(esc(c.clause().level().text())).append("</i> ").append(spec(c.clause().summary()))
                    .append("</p>\n");
            if (c.reason() != null && o != Outcome.PASS) {
                h.append("<p class=\"reason\">").append(esc(c.reason().strip().split("\n", 2)[0]))
                        .append("</p>\n");
            }
            List<CaseRecord> tests = new ArrayList<>(c.cases());
            tests.sort(Comparator.comparingInt(t -> rank(t.outcome())));
            for (CaseRecord t : tests) {
                testCase(h, t);
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void testCase(StringBuilder h, CaseRecord t) {
        Outcome o = t.outcome();
        boolean bad = o == Outcome.FAIL || o == Outcome.ERROR;
        String caseId = t.caseId();
        h.append("<details class=\"case ").append(o.cssClass()).append("\" data-case=\"").append(esc(caseId))
                .append('"').append(bad ? " open" : "").append(">\n<summary><span class=\"o ").append(o.cssClass()).append("\">")
                .append(esc(o.label())).append("</span> <code>").append(esc(caseId)).append("</code> <small>")
                .append(t.durationMillis()).append(" ms");
        if (t.seed() != null) {
            h.append(", seed ").append(esc(t.seed()));
        }
        h.append("</small></summary>\n");
        EvidenceParts p = EvidenceParts.split(t.message());
        if (p.message().isEmpty() && p.wireLog().isEmpty() && p.serverOutput().isEmpty()) {
            h.append("<p class=\"none\">no evidence recorded for this case").append(o == Outcome.PASS
                    ? " (the Maven run keeps evidence of failures only; the jar keeps it for every case)" : "")
                    .append("</p>\n");
        }
        block(h, "what happened", "msg", p.message());
        block(h, "wire log (&gt;&gt; sent by the kit, &lt;&lt; received)", "wire", p.wireLog());
        block(h, "server output", "stderr", p.serverOutput());
        h.append("</details>\n");
    }

    private static void block(StringBuilder h, String title, String cls, String text) {
        if (!text.isEmpty()) {
            h.append("<h4>").append(title).append("</h4><pre class=\"").append(cls).append("\">").append(esc(text))
                    .append("</pre>\n");
        }
    }

    private static void unattributed(StringBuilder h, List<CaseRecord> cases) {
        if (cases.isEmpty()) {
            return;
        }
        h.append("<section id=\"unattributed\"><h2>Cases that name no clause, and kit errors</h2>\n");
        for (CaseRecord t : cases) {
            testCase(h, t);
        }
        h.append("</section>\n");
    }

    private static int worstRank(List<ClauseResult> clauses) {
        return clauses.stream().mapToInt(c -> rank(c.outcome())).min().orElse(99);
    }

    /** Display order: the failures first. */
    private static int rank(Outcome o) {
        return COLUMNS.indexOf(o);
    }

    private static void dt(StringBuilder h, String term, String html) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    /** Spec text: escaped, with its Markdown code spans shown as code. */
    static String spec(String s) {
        return esc(s).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2125;background:#f6f7f9}
            header,main,.wrap,footer{max-width:1100px;margin:0 auto;padding:0 20px}
            header{padding-top:16px}
            h1{font-size:1.5em;margin:.4em 0}
            h2{font-size:1.2em;margin:1.4em 0 .5em;border-bottom:1px solid #d0d4da;padding-bottom:.2em}
            h2 small{font-weight:normal;font-size:.75em}
            h4{margin:.6em 0 .2em;font-size:.85em;color:#555}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:.5em 0 1em}
            dt{color:#555}dd{margin:0}dd ul{margin:0;padding-left:1.2em}
            table.summary{border-collapse:collapse;margin-bottom:1em}
            code{font-size:.92em;background:#eef0f3;border-radius:3px;padding:0 3px}
            table.summary th,table.summary td{border:1px solid #d0d4da;padding:3px 8px;text-align:right;background:#fff}
            table.summary td:first-child,table.summary th:first-child{text-align:left}
            .verdict{font-size:.8em;padding:2px 10px;border-radius:4px;color:#fff;vertical-align:middle}
            .verdict.pass{background:#1f7a3a}.verdict.fail{background:#b3261e}
            .o{display:inline-block;min-width:3.2em;text-align:center;font-size:.8em;font-weight:600;border-radius:3px;padding:0 5px}
            .o.pass,td.pass{background:#d6f0dc;color:#14532d}.o.fail,td.fail{background:#fbd5d2;color:#7f1d1d}
            .o.error,td.error{background:#f3d1f0;color:#6b1a63}.o.warn,td.warn{background:#fdf0c4;color:#6b4e00}
            .o.known,td.known{background:#e2e3f7;color:#2f3380}.o.na,td.na{background:#eceef1;color:#444}
            .o.untested,td.untested{background:#f2f2f2;color:#777}
            .clause{background:#fff;border:1px solid #e0e3e7;border-left:4px solid #c9ced6;border-radius:4px;margin:6px 0;padding:2px 10px}
            .clause.fail{border-left-color:#b3261e}.clause.error{border-left-color:#8e2a85}.clause.warn{border-left-color:#c99a00}
            .clause.pass{border-left-color:#1f7a3a}.clause.known{border-left-color:#3b41a8}
            .clause p{margin:.35em 0}.reason{color:#555;font-size:.9em}
            details.case{margin:3px 0 6px 12px}
            details.case summary{cursor:pointer}
            pre{background:#0f1419;color:#e6e6e6;padding:8px 10px;border-radius:4px;overflow-x:auto;font-size:12.5px;
            line-height:1.35;white-space:pre-wrap;word-break:break-all;max-height:40em}
            pre.msg{background:#fff4f3;color:#3b0b07;border:1px solid #f0c8c4}
            .none{color:#777;font-size:.85em}
            footer{color:#777;font-size:.8em;padding:20px}
            """;
}
