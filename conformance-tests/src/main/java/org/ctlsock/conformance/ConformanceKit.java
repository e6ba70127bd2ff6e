package org.ctlsock.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.report.CaseRecord;
import org.ctlsock.conformance.report.ClauseResult;
import org.ctlsock.conformance.report.Headline;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.RunReport;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The kit inside another project's own test build (the third route, beside {@code mvn verify} and the standalone
 * jar): an implementer adds the kit as a test-scoped dependency and writes one test factory that names the
 * command template of their server. The kit runs through the same launcher as the other routes ({@link
 * KitRunner}), writes the same reports, and answers with one dynamic test per clause: PASS passes, FAIL and kit
 * ERROR fail with the first failure's evidence, and WARN, KNOWN-FAIL and N/A are skipped with their label.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> ctlsock() {
 *     return ConformanceKit.target("python3 server.py {options} {socket}").capabilities("mode").dynamicTests();
 * }
 * }</pre>
 * See {@code samples/kit-as-test-dependency/}.
 */
public final class ConformanceKit {
    private final String command;
    private String name = "target";
    /** {@code commands} is assumed, as with {@code --target}; {@link #socketProfileOnly()} drops it. */
    private final Set<Capability> capabilities = EnumSet.of(Capability.COMMANDS);
    private final List<String> clauses = new ArrayList<>();
    private Path reportDir = Path.of("target", "ctlsock-report");
    private double timeoutScale = 1.0;
    private int tries = 100;

    private ConformanceKit(String command) {
        this.command = command;
    }

    /** The server the kit starts: a command template with {@code {socket}} (and {@code {options}}), spec 8.2.1. */
    public static ConformanceKit target(String commandTemplate) {
        return new ConformanceKit(commandTemplate);
    }

    public ConformanceKit name(String targetName) {
        this.name = targetName;
        return this;
    }

    /** The server does not serve the conformance commands: only the socket profile (spec 8.5) is judged. */
    public ConformanceKit socketProfileOnly() {
        capabilities.remove(Capability.COMMANDS);
        return this;
    }

    /** The optional capabilities the server claims, by their spec names ({@code mode}, {@code group}, …). */
    public ConformanceKit capabilities(String... specNames) {
        for (String n : specNames) {
            capabilities.add(Capability.bySpecName(n).orElseThrow(() -> new KitError("unknown capability " + n)));
        }
        return this;
    }

    /** Only these clauses (ids or prefixes); all when none is given. */
    public ConformanceKit clauses(String... idsOrPrefixes) {
        clauses.addAll(Arrays.asList(idsOrPrefixes));
        return this;
    }

    public ConformanceKit reportDir(Path dir) {
        this.reportDir = dir;
        return this;
    }

    public ConformanceKit timeoutScale(double scale) {
        this.timeoutScale = scale;
        return this;
    }

    public ConformanceKit tries(int propertyTries) {
        this.tries = propertyTries;
        return this;
    }

    /** Runs the kit now and returns its report. */
    public RunReport run() {
        KitSettings settings = new KitSettings.Builder().launch(name, command, Path.of("").toAbsolutePath())
                .capabilities(capabilities).timeoutScale(timeoutScale).reportDir(reportDir.toAbsolutePath()).build()
                .withRun(reportDir.toAbsolutePath(), clauses, Set.of());
        return KitRunner.run(settings, tries);
    }

    /** Runs the kit and answers with one test per clause that a case exercised. */
    public Stream<DynamicTest> dynamicTests() {
        RunReport report = run();
        List<DynamicTest> tests = new ArrayList<>();
        for (ClauseResult c : report.clauses()) {
            if (c.outcome() != Outcome.NOT_TESTED) {
                tests.add(DynamicTest.dynamicTest("[" + c.clause().id() + "] " + c.clause().level().text() + " "
                        + c.clause().summary(), () -> judge(c)));
            }
        }
        report.unattributed().stream().filter(t -> t.outcome().failsTheBuild()).forEach(t -> tests.add(
                DynamicTest.dynamicTest(t.name(), () -> {
                    throw new AssertionFailedError(t.outcome().label() + ": " + t.evidence());
                })));
        return tests.stream();
    }

    private static void judge(ClauseResult c) {
        String first = c.cases().stream().filter(t -> t.outcome() == c.outcome()).map(CaseRecord::evidence)
                .findFirst().orElse("");
        String why = c.reason() != null ? c.reason() : Headline.of(first);
        switch (c.outcome()) {
            case PASS -> {
            }
            case FAIL, ERROR -> throw new AssertionFailedError(c.outcome().label() + " " + c.clause().id() + ": " + why
                    + (first.isEmpty() ? "" : "\n\n" + first));
            default -> throw new TestAbortedException(c.outcome().label() + ": " + why);
        }
    }
}
