package org.ctlsock.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
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
    /** The settings as options of the command line, read by the same code ({@link SettingValues}). */
    private final List<String> options = new ArrayList<>();
    /** {@code commands} is assumed, as with {@code --target}; {@link #socketProfileOnly()} drops it. */
    private final List<String> capabilities = new ArrayList<>(List.of(Capability.COMMANDS.specName()));

    private ConformanceKit(String command) {
        option("--target", command);
    }

    /** The server the kit starts: a command template with {@code {socket}} (and {@code {options}}), spec 8.2.1. */
    public static ConformanceKit target(String commandTemplate) {
        return new ConformanceKit(commandTemplate);
    }

    public ConformanceKit name(String targetName) {
        return option("--name", targetName);
    }

    /** The server does not serve the conformance commands: only the socket profile (spec 8.5) is judged. */
    public ConformanceKit socketProfileOnly() {
        capabilities.set(0, KitSettings.NOT_COMMANDS);
        return this;
    }

    /** The optional capabilities the server claims, by their spec names ({@code mode}, {@code group}, …). */
    public ConformanceKit capabilities(String... specNames) {
        Arrays.stream(specNames).map(n -> Capability.bySpecName(n).orElseThrow(() -> new KitError("unknown capability "
                + n)).specName()).forEach(capabilities::add);
        return this;
    }

    /** Only these clauses (ids or prefixes); all when none is given. */
    public ConformanceKit clauses(String... idsOrPrefixes) {
        return option("--clause", String.join(",", idsOrPrefixes));
    }

    public ConformanceKit reportDir(Path dir) {
        return option("--report-dir", dir.toString());
    }

    public ConformanceKit timeoutScale(double scale) {
        return option("--timeout-scale", Double.toString(scale));
    }

    public ConformanceKit tries(int propertyTries) {
        return option("--tries", Integer.toString(propertyTries));
    }

    private ConformanceKit option(String option, String value) {
        options.addAll(List.of(option, value));
        return this;
    }

    /** Runs the kit now and returns its report. */
    public RunReport run() {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--capabilities", String.join(",", capabilities)));
        SettingValues values = SettingValues.parse(k -> null, args.toArray(String[]::new));
        values.setDefault(Setting.REPORT_DIR, Path.of("target", "ctlsock-report").toString());
        return KitRunner.run(KitSettings.from(values), values.typed(Setting.TRIES));
    }

    /** Runs the kit and answers with one test per clause that a case exercised. */
    public Stream<DynamicTest> dynamicTests() {
        RunReport report = run();
        Stream<DynamicTest> clauses = report.clauses().stream().filter(c -> c.outcome() != Outcome.NOT_TESTED)
                .map(c -> DynamicTest.dynamicTest("[" + c.clause().id() + "] " + c.clause().level().text() + " "
                        + c.clause().summary(), () -> judge(c)));
        Stream<DynamicTest> unattributed = report.unattributed().stream().filter(t -> t.outcome().failsTheBuild())
                .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                    throw new AssertionFailedError(t.outcome().label() + ": " + t.evidence());
                }));
        return Stream.concat(clauses, unattributed);
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
