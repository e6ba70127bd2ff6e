package org.ctlsock.conformance.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctlsock.conformance.report.Headline;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.spec.SpecClause;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Live progress, one line per spec section (one clause test class): a mark per case as it finishes
 * ({@code .} pass, {@code F} fail, {@code W} warn, {@code K} known failure, {@code -} N/A, {@code E} kit
 * error), then the counts and time, then the first line of each failure, so that a long run is never
 * silent and a failure is visible before the run ends.
 */
final class ProgressPrinter implements TestExecutionListener {
    private static final Pattern SECTION_CLASS = Pattern.compile("Section(\\d+)(?:_(\\d+))?_");

    private final PrintStream out;
    private final SpecCatalog spec;
    private TestPlan plan;
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
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (id.getSource().filter(src -> src instanceof ClassSource).isPresent()) {
            open.put(id.getUniqueId(), new ClassLine(heading(((ClassSource) id.getSource().get()).getClassName())));
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            record(id, Outcome.NOT_APPLICABLE, null);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            record(id, Outcome.of(result), result.getThrowable().orElse(null));
            return;
        }
        ClassLine c = open.remove(id.getUniqueId());
        if (c != null) {
            List<String> line = new ArrayList<>();
            c.counts().forEach((o, n) -> line.add(n + " " + o.label()));
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                line.add("the class itself failed: " + firstLine(result.getThrowable().orElse(null)));
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

    private void record(TestIdentifier id, Outcome o, Throwable t) {
        ClassLine c = lineOf(id);
        if (c == null) {
            return;
        }
        c.counts().merge(o, 1, Integer::sum);
        c.marks().append(c.column() >= 100 ? "\n    " : "").append(o.mark());
        if (o == Outcome.FAIL || o == Outcome.ERROR || o == Outcome.WARN) {
            String caseId = CaseCatalog.caseIdOf(id);
            String headline = firstLine(t);
            String key = o.label() + " " + Headline.causeKey(caseId.split("/", 2)[0], headline);
            c.problems().computeIfAbsent(key, k -> new ArrayList<>())
                    .add("    " + o.label() + " " + caseId + " — " + headline);
        }
    }

    /** The line of the class a case belongs to (its nearest open ancestor). */
    private ClassLine lineOf(TestIdentifier id) {
        for (Optional<TestIdentifier> a = Optional.of(id); a.isPresent() && plan != null;
                a = plan.getParent(a.get())) {
            ClassLine c = open.get(a.get().getUniqueId());
            if (c != null) {
                return c;
            }
        }
        return null;
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

    /** What went wrong, in one line: the assertion after the quoted clause sentence. */
    static String firstLine(Throwable t) {
        return t == null ? "" : t.getMessage() == null ? t.toString() : Headline.of(t.getMessage());
    }
}
