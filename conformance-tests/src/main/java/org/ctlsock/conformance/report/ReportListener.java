package org.ctlsock.conformance.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.KitRun;
import org.ctlsock.conformance.junit.ClauseLookup;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.commons.util.ExceptionUtils;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every case's outcome by clause as the cases finish (with the seeds and the evidence of passing cases
 * that the harness publishes as report entries) and makes the run's typed {@link RunReport} when it ends, from
 * which it writes every report ({@link ReportFiles}). The kit's launcher registers one per run with the run's
 * settings; the ServiceLoader one (a plain JUnit run) reads them from the run's configuration parameters. It
 * stays silent unless a report directory is configured ({@code ctlsock.report.dir}).
 */
public final class ReportListener implements TestExecutionListener {
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, String> seeds = new ConcurrentHashMap<>();
    private final Map<String, String> passEvidence = new ConcurrentHashMap<>();
    private final Queue<CaseRecord> cases = new ConcurrentLinkedQueue<>();
    private final List<CaseListener> listeners;
    /** The launcher's settings; null for the ServiceLoader listener, which reads them from the run's parameters. */
    private final KitSettings given;
    private final boolean printsSummary;
    /** The run's settings, null when it writes no report. */
    private KitSettings settings;
    private Instant startedAt;
    private long startNanos;
    private TestPlan plan;
    private volatile RunReport report;

    /** A listener of the run that is also told of each case's record as the case finishes (live progress). */
    public interface CaseListener extends TestExecutionListener {
        void caseFinished(CaseRecord c);
    }

    /** The listener a plain JUnit run loads (ServiceLoader): it prints the one summary line of the run. */
    public ReportListener() {
        this(null, true, List.of());
    }

    /**
     * The listener of one run of the kit's launcher.
     *
     * @param printsSummary false when the caller prints the summary itself (the standalone runner)
     * @param listeners told of each case's record as it is made
     */
    public ReportListener(KitSettings settings, boolean printsSummary, List<CaseListener> listeners) {
        this.given = settings;
        this.printsSummary = printsSummary;
        this.listeners = listeners;
    }

    /** This run's report, once it has ended (null before, or when no report directory is configured). */
    public RunReport report() {
        return report;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        KitSettings run = given != null ? given : settingsOf(testPlan);
        settings = run == null || run.reportDir() == null ? null : run;
        if (settings != null) {
            // A report left from an earlier run must never pass for this one's.
            try {
                ReportFiles.clear(settings.reportDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the previous report in " + settings.reportDir(), e);
            }
        }
        plan = testPlan;
        startedAt = Instant.now();
        startNanos = System.nanoTime();
    }

    /** A plain JUnit run's settings; null when it asked for no report (a project that uses the kit as a library). */
    private static KitSettings settingsOf(TestPlan testPlan) {
        if (testPlan.getConfigurationParameters().get("ctlsock.report.dir").filter(d -> !d.isBlank()).isEmpty()) {
            return null;
        }
        try {
            return KitSettings.fromProperties(k -> testPlan.getConfigurationParameters().get(k).orElse(null));
        } catch (KitError e) {
            System.err.println("ctlsock: no report: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((k, v) -> {
            if (k.equals(KitRun.SEED)) {
                seeds.put(id.getUniqueId(), v);
            } else if (k.equals(KitRun.EVIDENCE)) {
                passEvidence.put(id.getUniqueId(), v);
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (settings == null) {
            return;
        }
        Stream<TestIdentifier> tests = id.isTest() ? Stream.of(id)
                : plan.getDescendants(id).stream().filter(TestIdentifier::isTest);
        tests.forEach(t -> add(new CaseRecord(t.getUniqueId(), name(t), clauseOf(t), Outcome.NOT_APPLICABLE,
                "skipped: " + reason, 0, null)));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (settings == null) {
            return;
        }
        Long start = started.remove(id.getUniqueId());
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        Optional<Throwable> thrown = result.getThrowable();
        String message = thrown.map(t -> t.getMessage() == null ? t.toString() : t.getMessage()).orElse(null);
        if (!id.isTest()) {
            // A class or engine that failed outside any case: the harness broke (or a class could not start).
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                cases.add(new CaseRecord(id.getUniqueId(), name(id), null, Outcome.ERROR,
                        thrown.map(ExceptionUtils::readStackTrace).orElse(""), millis, null));
            }
            return;
        }
        Outcome outcome = Outcome.of(result);
        if (outcome == Outcome.PASS) {
            message = passEvidence.remove(id.getUniqueId());
        }
        add(new CaseRecord(id.getUniqueId(), name(id), clauseOf(id), outcome, message, millis, null));
    }

    /** Keeps a case's record and hands it to the listeners (a class's own failure is no case: kept, not handed). */
    private void add(CaseRecord c) {
        cases.add(c);
        listeners.forEach(l -> l.caseFinished(c));
    }

    /**
     * {@code Section4_2_ConnectionsTest.keepsConnectionOpen} for a plain test method; the display name for one
     * value of a parameterized case or a dynamic case, whose name tells it apart from its siblings (its case id
     * is built from it, so it must differ between them).
     */
    private String name(TestIdentifier id) {
        boolean oneOfMany = id.getUniqueId().contains("[test-template-invocation:")
                || id.getUniqueId().contains("[dynamic-test:");
        if (id.getSource().orElse(null) instanceof MethodSource m && !oneOfMany) {
            String cls = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1);
            return cls + "." + m.getMethodName();
        }
        return id.getDisplayName();
    }

    /** The clause a case checks: the {@code [4.2.1]} its display name starts with, else its method's {@link Clause}. */
    public static String clauseOf(TestIdentifier id) {
        return ClauseLookup.idFromDisplayName(id.getDisplayName())
                .orElse(ClauseLookup.annotation(id.getSource()).map(Clause::value).orElse(null));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (settings == null) {
            return;
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        // The seeds, filled in now: a case may publish its seed after it finished.
        List<CaseRecord> snapshot = cases.stream().map(c -> new CaseRecord(c.uniqueId(), c.name(), c.clause(),
                c.outcome(), c.message(), c.durationMillis(), seeds.get(c.uniqueId()))).toList();
        RunReport report = RunReport.of(snapshot, SpecCatalog.bundled(), settings, startedAt, millis);
        this.report = report;
        try {
            ReportFiles.writeAll(report, settings.reportDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + settings.reportDir(), e);
        }
        if (printsSummary) {
            System.out.println(report.summaryLine() + "  (report: " + settings.reportDir().resolve("report.html")
                    + ")");
        }
    }
}
