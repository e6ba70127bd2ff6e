package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.report.KitVersion;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.ReportVerdict;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
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

    ConformanceCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new ConformanceCli(System.out, System.err).execute(args);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one invocation and returns its exit status (never exits the JVM itself). */
    int execute(String... args) {
        try {
            CliOptions o = CliOptions.parse(args);
            SpecCatalog spec = SpecCatalog.bundled();
            switch (o.action()) {
                case HELP -> {
                    out.print(CliOptions.USAGE);
                    return CONFORMS;
                }
                case VERSION -> {
                    out.println(versionLine(spec));
                    return CONFORMS;
                }
                case LIST -> {
                    return list(o, spec);
                }
                default -> {
                    return run(o, spec);
                }
            }
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

    static String versionLine(SpecCatalog spec) {
        return "ctlsock-conformance " + KitVersion.get() + " (checks the ctlsock spec " + spec.version() + ", "
                + spec.all().size() + " clauses)";
    }

    private int list(CliOptions o, SpecCatalog spec) {
        KitSettings settings = listSettings(o, spec);
        CaseCatalog cases = KitLaunch.discover(settings, o.tries);
        for (CaseCatalog.Entry e : cases.sorted()) {
            out.printf("%-70s %s%n", e.caseId(), e.level() == null ? "" : e.level().text());
        }
        out.println(cases.entries().size() + " cases (a parameterized case runs once per value; run one with --case ID)");
        return CONFORMS;
    }

    /** --list needs no target; when none is given, a placeholder one that is never started. */
    private static KitSettings listSettings(CliOptions o, SpecCatalog spec) {
        if (o.descriptor == null && o.target == null && o.socket == null) {
            o.target = "listing-only {socket}";
        }
        return RunSettingsFactory.settings(o, spec);
    }

    private int run(CliOptions o, SpecCatalog spec) throws IOException {
        KitSettings settings = RunSettingsFactory.settings(o, spec);
        List<DiscoverySelector> selectors = List.of(KitLaunch.packageSelector());
        String invocation = null;
        if (o.caseId != null) {
            CaseCatalog catalog = KitLaunch.discover(settings, o.tries);
            Optional<CaseCatalog.Entry> entry = catalog.find(o.caseId);
            if (entry.isPresent() && !entry.get().caseId().equals(o.caseId)) {
                invocation = o.caseId; // one value of a parameterized case: run the case, show that value
            }
            if (entry.isEmpty()) {
                throw new UsageError("--case " + o.caseId + ": no such case (list them with --list"
                        + (o.clauses.isEmpty() && o.levels.isEmpty() ? "" : "; --clause/--level also apply") + ")");
            }
            selectors = List.of(DiscoverySelectors.selectUniqueId(entry.get().uniqueId()));
        }
        out.println(versionLine(spec));
        out.println("target: " + settings.targetName() + " (" + settings.describedAs() + ")"
                + (settings.capabilities().isEmpty() ? "" : ", claims " + String.join(", ",
                        settings.capabilities().stream().map(c -> c.specName()).toList())));
        if (!settings.clauseSelection().isEmpty() || !settings.levelSelection().isEmpty() || o.caseId != null) {
            out.println("selection: " + (o.caseId != null ? "case " + o.caseId : "")
                    + (settings.clauseSelection().isEmpty() ? "" : " clauses " + String.join(",", settings.clauseSelection()))
                    + (settings.levelSelection().isEmpty() ? "" : " levels " + settings.levelSelection()));
        }
        Files.createDirectories(settings.reportDir());
        try (StopOnSignal signals = new StopOnSignal(settings.ceiling(), settings.timeouts().within().multipliedBy(6),
                err)) {
            return runAndReport(o, settings, selectors, invocation);
        }
    }

    private int runAndReport(CliOptions o, KitSettings settings, List<DiscoverySelector> selectors, String invocation)
            throws IOException {
        RunReport report = KitLaunch.run(settings, o.tries, o.seed, selectors, o.quiet ? null : out, List.of());
        Path json = settings.reportDir().resolve("report.json");
        addPassEvidence(json);
        List<Path> files = ReportFiles.writeAll(settings.reportDir(), true);
        if (o.caseId != null) {
            printCase(json, invocation);
        }
        out.println();
        out.println(ReportVerdict.summaryLine(report));
        for (String f : ReportVerdict.failures(json)) {
            out.println("  " + f);
        }
        out.println("report: " + settings.reportDir().resolve("report.html") + " (and " + String.join(", ",
                files.stream().map(p -> p.getFileName().toString()).filter(n -> !n.equals("report.html")).toList())
                + " beside it)");
        int status = exitStatus(report);
        return status == CONFORMS && settings.ceiling().stopped() ? USAGE_OR_KIT_ERROR : status;
    }

    /** 1 when the target fails a clause; 2 when only the kit failed (that says nothing about the target). */
    static int exitStatus(RunReport r) {
        boolean fail = r.clauses().stream().anyMatch(c -> c.outcome() == Outcome.FAIL)
                || r.unattributed().stream().anyMatch(c -> c.outcome() == Outcome.FAIL);
        if (fail) {
            return FAILS;
        }
        return r.passed() ? CONFORMS : USAGE_OR_KIT_ERROR;
    }

    /** Puts the wire logs of passing cases into report.json (the harness records them for failures only). */
    private static void addPassEvidence(Path json) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode root = mapper.readTree(Files.readAllBytes(json));
        List<JsonNode> tests = new ArrayList<>();
        root.path("clauses").forEach(c -> c.path("tests").forEach(tests::add));
        root.path("unattributed").forEach(tests::add);
        for (JsonNode t : tests) {
            if (!t.has("evidence") && t instanceof ObjectNode o) {
                PassEvidence.of(t.path("id").asText()).ifPresent(e -> o.put("evidence", e));
            }
        }
        mapper.writeValue(json.toFile(), root);
    }

    private void printCase(Path json, String invocation) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(json));
        for (JsonNode c : root.path("clauses")) {
            for (JsonNode t : c.path("tests")) {
                String id = t.path("case").asText();
                if (invocation != null && !id.equals(invocation)) {
                    continue;
                }
                out.println();
                out.println("=== " + t.path("outcome").asText() + " " + id + " (" + t.path("durationMillis").asLong()
                        + " ms)" + (t.has("seed") ? " seed " + t.path("seed").asText() : ""));
                out.println(c.path("id").asText() + " " + c.path("level").asText() + ": " + c.path("summary").asText());
                out.println(t.path("evidence").asText("(no evidence recorded: the case opened no connection)"));
            }
        }
    }
}
