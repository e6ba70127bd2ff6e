package org.ctlsock.conformance.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.SocketProfile;

/**
 * Writes {@code report.html} from the run's report model: one self-contained page (inline CSS, no script, no
 * external asset) for a person. Sections with failures come first, with their counts; inside a section the
 * worst clauses come first; every case is a {@code <details>} that opens to what went wrong, its wire log
 * and the server's output. Failing cases are open from the start.
 */
public final class HtmlReportWriter {
    private static final List<Outcome> COLUMNS = List.of(Outcome.FAIL, Outcome.ERROR, Outcome.WARN, Outcome.KNOWN_FAIL,
            Outcome.PASS, Outcome.NOT_APPLICABLE, Outcome.NOT_TESTED);

    /** The style sheet (a resource beside this class), inlined: the page stays one self-contained file. */
    private static final String CSS = styleSheet();
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f]");

    private HtmlReportWriter() {
    }

    private static String styleSheet() {
        try (InputStream in = Objects.requireNonNull(HtmlReportWriter.class.getResourceAsStream("report.css"),
                "report.css is missing from the kit")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(RunReport r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String verdict = r.verdict();
        h.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>ctlsock conformance: %s — %s</title>
                <style>
                %s</style>
                </head>
                <body>
                """.formatted(esc(r.settings().targetName()), verdict, CSS));
        header(h, r, verdict);
        summaryTable(h, r.sections());
        h.append("<main>\n");
        r.sections().stream().sorted(Comparator.comparingInt(s -> worstRank(s.clauses()))).forEach(s -> section(h, s));
        if (!r.unattributed().isEmpty()) {
            h.append("<section id=\"unattributed\"><h2>Cases that name no clause, and kit errors</h2>\n");
            r.unattributed().forEach(t -> testCase(h, t));
            h.append("</section>\n");
        }
        h.append("</main>\n<footer>ctlsock-conformance %s · report schema %s</footer>\n</body>\n</html>\n"
                .formatted(esc(r.kitVersion()), esc(RunReport.SCHEMA)));
        return h.toString();
    }

    private static void header(StringBuilder h, RunReport r, String verdict) {
        h.append("<header>\n<h1>ctlsock conformance report <span class=\"verdict %s\" id=\"verdict\">%s</span></h1>\n"
                .formatted(verdict.toLowerCase(Locale.ROOT), verdict)).append("<dl>\n");
        KitSettings s = r.settings();
        dt(h, "target", esc(s.targetName()) + " <code>" + esc(s.describedAs()) + "</code>");
        List<String> caps = s.capabilities().stream().map(Capability::specName).toList();
        dt(h, "capabilities claimed", caps.isEmpty() ? "none" : esc(String.join(", ", caps)));
        dt(h, "profile", esc(SocketProfile.describe(s)));
        if (!r.causes().isEmpty()) {
            dt(h, "failures by cause", r.causes().stream().map(k -> esc(k.clause() + " " + k.outcome().label())
                    + (k.count() > 1 ? " ×" + k.count() : "") + ": " + esc(k.headline()) + " <code>"
                    + esc(k.firstCase()) + "</code>").collect(Collectors.joining("<br>")));
        }
        dt(h, "spec / kit", "ctlsock " + esc(r.specVersion()) + " / ctlsock-conformance " + esc(r.kitVersion()));
        dt(h, "run", esc(r.startedAt().toString()) + ", " + String.format("%.1f s", r.durationMillis() / 1000.0)
                + (s.strict() ? ", strict" : ""));
        List<String> sel = new ArrayList<>(s.clauseSelection());
        s.levelSelection().forEach(l -> sel.add(l.text()));
        if (!sel.isEmpty()) {
            dt(h, "selection", esc(String.join(", ", sel)));
        }
        dt(h, "clauses", outcomeSpans(r.counts()));
        if (!s.expectedFailures().isEmpty()) {
            dt(h, "expected failures", s.expectedFailures().values().stream().map(f -> "<li>" + esc(f.key())
                    + (f.intermittent() ? " (intermittent)" : "") + ": " + esc(f.reason())
                    + (f.link() == null ? "" : " (" + esc(f.link()) + ")") + "</li>")
                    .collect(Collectors.joining("", "<ul>", "</ul>")));
        }
        h.append("</dl>\n</header>\n");
    }

    private static void summaryTable(StringBuilder h, List<RunReport.Section> sections) {
        h.append("<div class=\"wrap\"><table class=\"summary\">\n<thead><tr><th>section</th>");
        COLUMNS.forEach(o -> h.append("<th>").append(esc(o.label())).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (RunReport.Section s : sections) {
            h.append("<tr><td><a href=\"#s%s\">%s %s</a></td>".formatted(esc(s.id()), esc(s.id()), spec(s.title())));
            COLUMNS.forEach(o -> h.append(s.counts().get(o) == 0 ? "<td class=\"\"></td>"
                    : "<td class=\"%s\">%s</td>".formatted(o.cssClass(), s.counts().get(o))));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** The non-zero counts, worst first: {@code <span class="o fail">2 FAIL</span> …}. */
    private static String outcomeSpans(Map<Outcome, Integer> counts) {
        return COLUMNS.stream().filter(o -> counts.get(o) > 0).map(o -> badge(o, counts.get(o) + " " + o.label()) + " ")
                .collect(Collectors.joining());
    }

    private static void section(StringBuilder h, RunReport.Section s) {
        h.append("<section id=\"s%s\">\n<h2>%s %s <small>%s</small></h2>\n"
                .formatted(esc(s.id()), esc(s.id()), spec(s.title()), outcomeSpans(s.counts())));
        for (ClauseResult c : sortedByRank(s.clauses(), ClauseResult::outcome)) {
            Outcome o = c.outcome();
            h.append("<div class=\"clause %s\" id=\"c%s\">\n<p>%s <b>%s</b> <i>%s</i> %s</p>\n".formatted(o.cssClass(),
                    esc(c.clause().id()), badge(o, o.label()), esc(c.clause().id()), esc(c.clause().level().text()),
                    spec(c.clause().summary())));
            if (c.reason() != null && o != Outcome.PASS) {
                h.append("<p class=\"reason\">").append(esc(c.reason().strip().split("\n", 2)[0])).append("</p>\n");
            }
            sortedByRank(c.cases(), CaseRecord::outcome).forEach(t -> testCase(h, t));
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void testCase(StringBuilder h, CaseRecord t) {
        Outcome o = t.outcome();
        h.append("<details class=\"case %s\" data-case=\"%s\"%s>\n".formatted(o.cssClass(), esc(t.caseId()),
                o.failsTheBuild() ? " open" : ""));
        h.append("<summary>%s <code>%s</code> <small>%s ms%s</small></summary>\n".formatted(badge(o, o.label()),
                esc(t.caseId()), t.durationMillis(), t.seed() == null ? "" : ", seed " + esc(t.seed())));
        // The evidence (as the harness renders it into a failure message) cut into the parts a reader wants
        // separately: what was checked and what went wrong, the wire log, and the server's output. The cut follows
        // the harness's own markers ({@code --- wire log}, {@code --- instance}, {@code --- target stderr}); text
        // without markers is all "what happened".
        String e = t.evidence();
        int wire = e.indexOf("--- wire log");
        int output = firstOf(e.indexOf("--- instance "), e.indexOf("--- target stderr"), -1);
        if (e.isBlank()) {
            h.append("<p class=\"none\">no evidence recorded for this case").append(o == Outcome.PASS
                    ? " (the Maven run keeps evidence of failures only; the jar keeps it for every case)" : "")
                    .append("</p>\n");
        }
        block(h, "what happened", "msg", e.substring(0, firstOf(wire, output, e.length())).strip());
        block(h, "wire log (&gt;&gt; sent by the kit, &lt;&lt; received)", "wire",
                wire < 0 ? "" : e.substring(wire, output > wire ? output : e.length()).strip());
        block(h, "server output", "stderr", output < 0 ? "" : e.substring(output).strip());
        h.append("</details>\n");
    }

    /** The first of two positions that were found ({@code indexOf} gives -1 for a marker that is not there). */
    private static int firstOf(int a, int b, int neither) {
        return IntStream.of(a, b).filter(i -> i >= 0).min().orElse(neither);
    }

    private static void block(StringBuilder h, String title, String cls, String text) {
        if (!text.isEmpty()) {
            h.append("<h4>%s</h4><pre class=\"%s\">%s</pre>\n".formatted(title, cls, esc(text)));
        }
    }

    /** The failures first (a stable sort: equal outcomes keep their order). */
    private static <T> List<T> sortedByRank(List<T> items, Function<T, Outcome> outcome) {
        return items.stream().sorted(Comparator.comparingInt(i -> rank(outcome.apply(i)))).toList();
    }

    private static int worstRank(List<ClauseResult> clauses) {
        return clauses.stream().mapToInt(c -> rank(c.outcome())).min().orElse(99);
    }

    /** Display order: the failures first. */
    private static int rank(Outcome o) {
        return COLUMNS.indexOf(o);
    }

    /** An outcome's coloured label: {@code <span class="o fail">2 FAIL</span>}. */
    private static String badge(Outcome o, String text) {
        return "<span class=\"o " + o.cssClass() + "\">" + esc(text) + "</span>";
    }

    private static void dt(StringBuilder h, String term, String html) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>\n");
    }

    /** Spec text: escaped, with its Markdown code spans shown as code. */
    static String spec(String s) {
        return esc(s).replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    /** Markup escaped; control characters (but newline and tab) shown as {@code \\x07}, as the wire log shows them. */
    static String esc(String s) {
        String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return CONTROL.matcher(escaped).replaceAll(m -> String.format("\\\\x%02x", (int) m.group().charAt(0)));
    }
}
