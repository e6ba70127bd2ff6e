package org.ctlsock.conformance.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctlsock.conformance.report.CaseRecord;
import org.ctlsock.conformance.report.Headline;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Live progress, one line per spec section (one clause test class): a mark per case as it finishes
 * ({@code .} pass, {@code F} fail, {@code W} warn, {@code K} known failure, {@code -} N/A, {@code E} kit
 * error), then the counts and time, then the first line of each failure, so that a long run is never
 * silent and a failure is visible before the run ends.
 */
final class ProgressPrinter implements ReportListener.CaseListener {
    private static final Pattern SECTION_CLASS = Pattern.compile("Section(\\d+)(?:_(\\d+))?_");

    private final PrintStream out;
    private final SpecCatalog spec;
    /** The line of each class that has started and not finished: classes run at the same time. */
    private final Map<String, ClassLine> open = new HashMap<>();

    /**
     * One class's line, printed whole when the class finishes, so lines of classes running together never mix.
     *
     * @param problems the problems' lines by cause ({@link Headline#causeKey}): the first is printed, the others
     *     counted
     */
    private record ClassLine(String header, long start, Map<Outcome, Integer> counts,
            Map<String, List<String>> problems, StringBuilder marks) {
        ClassLine(String header) {
            this(header, System.nanoTime(), new EnumMap<>(Outcome.class), new LinkedHashMap<>(), new StringBuilder());
        }

        /** Where the next mark goes on the console: after the header, or on a continuation line. */
        int column() {
            int newline = marks.lastIndexOf("\n");
            return newline < 0 ? header.length() + 1 + marks.length() : marks.length() - newline - 1;
        }
    }

    ProgressPrinter(PrintStream out, SpecCatalog spec) {
        this.out = out;
        this.spec = spec;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof ClassSource c) {
            open.put(id.getUniqueId(), new ClassLine(heading(c.getClassName())));
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        ClassLine c = open.remove(id.getUniqueId());
        if (c != null) {
            List<String> line = new ArrayList<>();
            c.counts().forEach((o, n) -> line.add(n + " " + o.label()));
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                line.add("the class itself failed: " + result.getThrowable().map(t -> t.getMessage() == null
                        ? t.toString() : Headline.of(t.getMessage())).orElse(""));
            }
            out.print(c.header() + " " + c.marks());
            out.printf(" %s (%.1f s)%n", line.isEmpty() ? "no cases" : String.join(", ", line),
                    (System.nanoTime() - c.start()) / 1e9);
            c.problems().values().forEach(lines -> {
                int more = lines.size() - 1;
                out.println(lines.get(0) + (more == 0 ? "" : " (and " + more + " more case" + (more == 1 ? "" : "s")
                        + " with the same cause)"));
            });
            out.flush();
        }
    }

    /** A case's mark, and its problem line, go to the line of its class: the open class its unique id extends. */
    @Override
    public synchronized void caseFinished(CaseRecord r) {
        ClassLine c = open.entrySet().stream().filter(e -> r.uniqueId().startsWith(e.getKey() + "/"))
                .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(null);
        if (c == null) {
            return;
        }
        Outcome o = r.outcome();
        c.counts().merge(o, 1, Integer::sum);
        c.marks().append(c.column() >= 100 ? "\n    " : "").append(o.mark());
        if (o == Outcome.FAIL || o == Outcome.ERROR || o == Outcome.WARN) {
            String headline = Headline.of(r.message());
            String key = o.label() + " " + Headline.causeKey(r.caseId().split("/", 2)[0], headline);
            c.problems().computeIfAbsent(key, k -> new ArrayList<>())
                    .add("    " + o.label() + " " + r.caseId() + " — " + headline);
        }
    }

    private String heading(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        Matcher m = SECTION_CLASS.matcher(simple);
        if (!m.find()) {
            return String.format("  %-40s", simple);
        }
        // A class for a whole section (e.g. Section8_ConformanceInterfaceTest) is named after the spec file.
        boolean whole = m.group(2) == null;
        String section = whole ? m.group(1) : m.group(1) + "." + m.group(2);
        String title = spec.all().stream().filter(c -> (whole ? c.topSection() : c.section()).equals(section))
                .findFirst().map(c -> whole ? fileTitle(c.file()) : c.title()).orElse(simple);
        return String.format("  %-5s %-34s", section, title.length() > 34 ? title.substring(0, 33) + "…" : title);
    }

    /** A spec file's name as a title ({@code 08-conformance-interface.md}: "Conformance interface"), null if none. */
    private static String fileTitle(String file) {
        String title = file.replaceFirst("^\\d+-", "").replaceFirst("\\.md$", "").replace('-', ' ');
        return title.isEmpty() ? null : Character.toUpperCase(title.charAt(0)) + title.substring(1);
    }
}
