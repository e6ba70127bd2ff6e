package org.ctlsock.conformance.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.KitRun;
import org.ctlsock.conformance.KitRunner;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.report.CaseRecord;
import org.ctlsock.conformance.report.ClauseResult;
import org.ctlsock.conformance.report.KitVersion;
import org.ctlsock.conformance.report.ReportFiles;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The standalone kit: {@code java -jar ctlsock-conformance.jar --target "python3 server.py {options} {socket}"}.
 * Runs the whole kit (or a selection, or one case) with no Maven and no network, prints live progress and
 * a summary, writes the reports, and exits 0 (every selected MUST met), 1 (a clause fails, or an expected
 * failure now passes) or 2 (usage error, or the kit itself failed).
 */
public final class ConformanceCli {
    public static final int CONFORMS = 0;
    public static final int FAILS = 1;
    public static final int USAGE_OR_KIT_ERROR = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> properties;

    /**
     * @param properties the {@code -D} properties that stand in for options the command line does not give (none
     *     for the runner's tests)
     */
    ConformanceCli(PrintStream out, PrintStream err, Function<String, String> properties) {
        this.out = out;
        this.err = err;
        // With no target given the kit checks the reference server, whose jar it looks for itself.
        this.properties = key -> key.equals("ctlsock.server.jar") ? referenceServerJar().toString()
                : properties.apply(key);
    }

    /**
     * {@code java -jar ctlsock-conformance.jar …}, and the Maven build's conformance run (which passes its
     * {@code -Dctlsock.*} switches as properties of the JVM it starts).
     */
    public static void main(String[] args) {
        int status = new ConformanceCli(System.out, System.err, System::getProperty).execute(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one invocation and returns its exit status (never exits the JVM itself). */
    int execute(String... args) {
        try {
            SettingValues o = asUsage(() -> SettingValues.parse(properties, args));
            SpecCatalog spec = SpecCatalog.bundled();
            if (o.action() == Setting.HELP) {
                out.print(Setting.usage());
                return CONFORMS;
            }
            if (o.action() == Setting.VERSION) {
                out.println(versionLine(spec));
                return CONFORMS;
            }
            return o.action() == Setting.LIST ? list(o) : run(o, spec);
        } catch (UsageError e) {
            err.println("ctlsock-conformance: " + e.getMessage());
            err.println("Try: java -jar ctlsock-conformance.jar --help");
            return USAGE_OR_KIT_ERROR;
        } catch (KitError e) {
            err.println("ctlsock-conformance: kit error (nothing is said about the server): " + e.getMessage());
            return USAGE_OR_KIT_ERROR;
        } catch (IOException | RuntimeException e) {
            err.println("ctlsock-conformance: kit error (nothing is said about the server): " + e);
            e.printStackTrace(err);
            return USAGE_OR_KIT_ERROR;
        }
    }

    /** A setting the kit cannot use (a {@link KitError} while reading them) is the user's to fix: a usage error. */
    private static <T> T asUsage(Supplier<T> read) {
        try {
            return read.get();
        } catch (KitError e) {
            throw new UsageError(e.getMessage());
        }
    }

    static String versionLine(SpecCatalog spec) {
        return "ctlsock-conformance " + KitVersion.get() + " (checks the ctlsock spec " + spec.version() + ", "
                + spec.all().size() + " clauses)";
    }

    private int list(SettingValues o) {
        if (Stream.of(Setting.TARGET, Setting.DESCRIPTOR, Setting.SOCKET).noneMatch(o::given)) {
            o.setDefault(Setting.TARGET, "listing-only {socket}"); // --list needs no target: one never started
        }
        CaseCatalog cases = discover(settings(o), tries(o));
        cases.sorted().forEach(e -> out.printf("%-70s %s%n", e.caseId(), e.level() == null ? "" : e.level().text()));
        out.println(cases.entries().size() + " cases (a parameterized case runs once per value; run one with --case ID)");
        return CONFORMS;
    }

    /** The run's settings, from the command line and the properties; a value the kit cannot use is a usage error. */
    static KitSettings settings(SettingValues o) {
        o.setDefault(Setting.REPORT_DIR, "ctlsock-report");
        KitSettings settings = asUsage(() -> KitSettings.from(o));
        // Every case would be N/A and the run would look like a pass: refuse instead.
        settings.missingProgram().ifPresent(why -> {
            throw new KitError(why);
        });
        return settings;
    }

    private static int tries(SettingValues o) {
        return asUsage(() -> o.<Integer>typed(Setting.TRIES));
    }

    private int run(SettingValues o, SpecCatalog spec) throws IOException {
        KitSettings settings = settings(o);
        int tries = tries(o);
        String caseId = o.get(Setting.CASE);
        List<DiscoverySelector> selectors = List.of(KitRunner.clausePackage());
        String invocation = null;
        if (caseId != null) {
            CaseCatalog.Entry entry = discover(settings, tries).find(caseId).orElseThrow(() -> new UsageError("--case "
                    + caseId + ": no such case (list them with --list" + (settings.clauseSelection().isEmpty()
                            && settings.levelSelection().isEmpty() ? "" : "; --clause/--level also apply") + ")"));
            if (!entry.caseId().equals(caseId)) {
                invocation = caseId; // one value of a parameterized case: run the case, show that value
            }
            selectors = entry.uniqueIds().stream().<DiscoverySelector>map(DiscoverySelectors::selectUniqueId).toList();
        }
        out.println(versionLine(spec));
        out.println("target: " + settings.targetName() + " (" + settings.describedAs() + ")"
                + (settings.capabilities().isEmpty() ? "" : ", claims " + String.join(", ",
                        settings.capabilities().stream().map(c -> c.specName()).toList())));
        out.println("profile: " + org.ctlsock.conformance.implementation.SocketProfile.describe(settings));
        if (!settings.clauseSelection().isEmpty() || !settings.levelSelection().isEmpty() || caseId != null) {
            out.println("selection: " + (caseId != null ? "case " + caseId : "")
                    + (settings.clauseSelection().isEmpty() ? ""
                            : " clauses " + String.join(",", settings.clauseSelection()))
                    + (settings.levelSelection().isEmpty() ? "" : " levels " + settings.levelSelection()));
        }
        Files.createDirectories(settings.reportDir());
        List<ReportListener.CaseListener> progress = o.flag(Setting.QUIET) ? List.of()
                : List.of(new ProgressPrinter(out, SpecCatalog.bundled()));
        Map<String, String> config = config(tries, o.get(Setting.SEED));
        config.put(KitRunner.SKIP_HEAVY, Boolean.toString(o.flag(Setting.SKIP_HEAVY)));
        // The summary is printed before the signal hook is released: a stopped run prints it too.
        try (StopOnSignal signals = new StopOnSignal(settings.ceiling(), settings.timeouts().within().multipliedBy(6),
                err)) {
            RunReport report = KitRunner.run(settings, config, selectors, progress, false);
            if (o.given(Setting.CASE)) {
                printCase(report, invocation);
            }
            out.println();
            out.println(report.summaryLine());
            report.failures().forEach(f -> out.println("  " + f));
            out.println("report: " + settings.reportDir().resolve("report.html") + " (and " + String.join(", ",
                    ReportFiles.NAMES.stream().filter(n -> !n.equals("report.html")).toList()) + " beside it)");
            int status = exitStatus(report);
            return status == CONFORMS && settings.ceiling().stopped() ? USAGE_OR_KIT_ERROR : status;
        }
    }

    /** Discovers the cases the settings select (without running anything). */
    static CaseCatalog discover(KitSettings settings, int tries) {
        return CaseCatalog.of(KitRunner.discover(settings, config(tries, null)));
    }

    /** What a standalone run adds to the launcher ({@link KitRunner}): tries, seed, replay hint, pass evidence. */
    private static Map<String, String> config(int tries, String seed) {
        Map<String, String> config = new HashMap<>();
        config.put(PropertyCheck.TRIES, Integer.toString(tries));
        if (seed != null) {
            config.put(PropertyCheck.SEED, seed); // else -Dctlsock.seed of this JVM, or a fresh seed per property
        }
        config.put(PropertyCheck.REPLAY, "--seed {seed}");
        config.put(KitRun.PASS_EVIDENCE, "true");
        return config;
    }

    /** 1 when the target fails a clause; 2 when only the kit failed (that says nothing about the target). */
    static int exitStatus(RunReport r) {
        boolean fail = r.clauses().stream().anyMatch(c -> c.outcome() == Outcome.FAIL)
                || r.unattributed().stream().anyMatch(c -> c.outcome() == Outcome.FAIL);
        return fail ? FAILS : r.passed() ? CONFORMS : USAGE_OR_KIT_ERROR;
    }

    private void printCase(RunReport report, String invocation) {
        for (ClauseResult c : report.clauses()) {
            for (CaseRecord t : c.cases().stream().filter(r -> invocation == null || r.caseId().equals(invocation))
                    .toList()) {
                out.println();
                out.println("=== " + t.outcome().label() + " " + t.caseId() + " (" + t.durationMillis() + " ms)"
                        + (t.seed() != null ? " seed " + t.seed() : ""));
                out.println(c.clause().id() + " " + c.clause().level().text() + ": " + c.clause().summary());
                out.println(t.message() != null ? t.message() : "(no evidence recorded: the case opened no connection)");
            }
        }
    }

    /**
     * With no target given the kit checks the reference server, through its descriptor: the jar the build put
     * beside this kit ({@code server/target/ctlsock-server.jar} of the same checkout), else the one under the
     * working directory.
     */
    private static Path referenceServerJar() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path kit = Path.of(ConformanceCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // conformance-tests/target/ctlsock-conformance.jar (or target/classes) -> the checkout's root
            candidates.add(kit.toAbsolutePath().getParent().getParent()
                    .resolveSibling("server/target/ctlsock-server.jar"));
        } catch (URISyntaxException | RuntimeException e) {
            // a kit loaded from somewhere without a file location: only the working directory is left
        }
        candidates.add(Path.of("server/target/ctlsock-server.jar").toAbsolutePath());
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::normalize).orElseThrow(() ->
                new UsageError("no target given, and the reference server (the default target) is not built: looked "
                + "for " + candidates.stream().map(Path::toString).distinct().toList() + "; build it with "
                + "mvn -B -q package -DskipTests, or give --target \"COMMAND {socket}\", --descriptor FILE or "
                + "--socket PATH"));
    }
}
