package org.ctlsock.conformance.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' self-check (issue 5.4), run by {@code mvn verify} after the standalone jar is built: the
 * jar, as a user would run it, against every implementation in fixtures/.
 *
 * <ul>
 *   <li>the reference server and every correct implementation ({@code fixtures/python|node|go/*.json}):
 *       the whole kit, exit 0 (every MUST met; its own expected failures allowed);
 *   <li>every broken server ({@code fixtures/broken/*.json}): the clauses it breaks are its descriptor's
 *       expected failures, except those whose reason begins "follows from" (consequences of the defect, which
 *       depend on how the kit's cases happen to reach it). The run is limited to the clauses it breaks plus a
 *       smoke selection, with no expected failures and SHOULDs counting ({@code --strict}); it must exit 1
 *       with every clause it breaks among the failed ones;
 *   <li>the blog design ({@code fixtures/blog/*.json}): the whole kit with its descriptor as is: exit 0, so
 *       nothing fails but its expected failures, and none of those passes.
 * </ul>
 *
 * A named clause the kit has no case for yet cannot be caught: it is reported as such, not as a miss (the
 * traceability check makes sure every clause gets a case). A fixture whose interpreter is missing is
 * skipped with the reason; under {@code CI=true} that is an error. Runs go three at a time. The matrix is
 * printed and written to {@code target/ctlsock-report/selfcheck.md}.
 *
 * <p>After every run, a process the kit started or a {@code /tmp/ctlsock-*} directory it made that is still there
 * makes the verdict wrong ({@link RunConfinement}: each run has a mount namespace and a /tmp of its own), and one of
 * the runs is a target whose command cannot even run.
 */
class FixturesSelfCheckIT {
    /** Clauses every broken-server run includes, so a server that is broken everywhere is noticed too. */
    static final String SMOKE = "8.1.1";
    /** Tries per property-based case: the Maven run gives the reference server 100; the fixtures get fewer, for time. */
    private static final int TRIES = 25;
    private static final int BROKEN_TRIES = 10;
    /**
     * Deadlines doubled for the runs that must pass every MUST: the fixtures run in parallel on a machine that
     * may be busy with other builds, and a deadline that passes there would be a false failure. The broken
     * servers and the blog design keep the kit's default: most of their time is the kit waiting out a deadline
     * for an answer that never comes, and a shorter wait can only make the kit report them failing sooner.
     */
    private static final String TIMEOUT_SCALE = "2";
    private static final String FAILING_TIMEOUT_SCALE = "1";
    /**
     * Runs at a time. Most of a run is the kit waiting for a server (deadlines, sleeps, one-at-a-time
     * servers), not CPU, so three fit on two cores. (Four was tried: one of two full runs then blamed one run for
     * another run's processes in its leftover check, which needs looking into before raising this.)
     */
    private static final int PARALLEL_RUNS = 3;
    /**
     * Clause classes at a time within each run (the kit's default is 6): three runs of six would ask two cores
     * for eighteen, and a slow correct fixture (Python parsing a 16 MiB body) could then miss a deadline.
     */
    private static final int CLASSES_AT_A_TIME = 2;
    private static final long RUN_DEADLINE_SECONDS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path kitJar = Path.of(required("ctlsock.kit.jar"));
    private final Path fixtures = Path.of(required("ctlsock.fixtures.dir")).toAbsolutePath().normalize();
    private final Path work = Path.of(required("ctlsock.selfcheck.dir")).toAbsolutePath();
    private final Path reportDir = Path.of(required("ctlsock.selfcheck.reference.report.dir")).toAbsolutePath();
    private final boolean ci = "true".equals(System.getenv("CI"));
    private final KnownIssues known = KnownIssues.bundled();
    /** One seed for every run (see {@link SelfCheckSeed}: the same for every build of a commit). */
    private final SelfCheckSeed seed = SelfCheckSeed.of(System.getProperty("ctlsock.selfcheck.seed"), fixtures);

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
        }
        return v;
    }

    /**
     * Maven properties that make the build's conformance run about something else than the whole kit against
     * the reference server (another target, or a selection): the self-check, which takes minutes and reads
     * that run's report as the reference's row, is left out then, with the reason.
     */
    static final List<String> FOCUSED_RUN_PROPERTIES = List.of("ctlsock.descriptor", "ctlsock.target",
            "ctlsock.socket", "ctlsock.clauses", "ctlsock.levels");

    /**
     * A target whose command cannot run at all (exit 127): the kit must say so (exit 1 or 2, with a report) and,
     * like after every run, leave no process and no directory behind (it once left one /tmp/ctlsock-* per start).
     */
    static final SelfCheckTarget UNSTARTABLE = new SelfCheckTarget("unstartable (a command that does not exist)",
            SelfCheckTarget.Kind.UNSTARTABLE, List.of("--target", "/nonexistent/ctlsock-no-such-server {options} {socket}",
                    "--name", "unstartable"), List.of(), List.of(), List.of());

    @Test
    void everyFixtureGetsTheVerdictItDeserves() throws Exception {
        for (String property : FOCUSED_RUN_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                String why = "the fixtures' self-check is left out: this build sets -D" + property + "=" + value
                        + " (a run for one server or a selection of clauses); mvn verify without it runs the self-check";
                System.out.println(why);
                Assumptions.abort(why);
            }
        }
        assertThat(kitJar).as("the standalone kit jar (built by mvn package)").isRegularFile();
        long start = System.nanoTime();
        System.out.println("fixtures' self-check: " + seed.describe());
        List<SelfCheckTarget> targets = targets();
        Files.createDirectories(work);
        Path empty = work.resolve("no-expected-failures.json");
        Files.writeString(empty, "[]\n", StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        List<Future<SelfCheckResult>> futures = new ArrayList<>();
        // Slow runs first, so the two workers finish together.
        targets.sort(Comparator.comparing(t -> t.kind() == SelfCheckTarget.Kind.BROKEN));
        for (SelfCheckTarget t : targets) {
            futures.add(pool.submit(() -> run(t, empty)));
        }
        List<SelfCheckResult> results = new ArrayList<>();
        results.add(referenceFromTheMavenRun());
        for (Future<SelfCheckResult> f : futures) {
            results.add(f.get(RUN_DEADLINE_SECONDS + 60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String leftoverCheck = confinementProblem().map(why -> "only processes running a fixture's own files "
                + "(each run in a mount namespace of its own is not possible here: " + why + ")")
                .orElse("every process of the run's mount namespace and every /tmp/" + RunConfinement.KIT_PREFIX
                        + "* of its private /tmp");
        String matrix = SelfCheckMatrix.render(results, seconds, PARALLEL_RUNS, TRIES, seed.describe(), SMOKE,
                leftoverCheck);
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve("selfcheck.md"), matrix, StandardCharsets.UTF_8);
        System.out.println(matrix);
        List<String> wrong = results.stream().filter(SelfCheckResult::wrong)
                .map(r -> r.target().name() + ": " + r.verdict() + " (reports: " + r.reportDir() + ")").toList();
        assertThat(wrong).as("fixtures the kit judged wrongly — see " + reportDir.resolve("selfcheck.md")).isEmpty();
        assertThat(results).as("self-check runs").isNotEmpty();
    }

    private List<SelfCheckTarget> targets() throws IOException {
        List<SelfCheckTarget> out = new ArrayList<>();
        for (String dir : List.of("python", "node", "go")) {
            for (Path d : descriptors(fixtures.resolve(dir))) {
                JsonNode n = JSON.readTree(Files.readAllBytes(d));
                out.add(new SelfCheckTarget(n.path("name").asText(), SelfCheckTarget.Kind.CORRECT,
                        List.of("--descriptor", d.toString()), List.of(), List.of(),
                        SelfCheckTarget.stringList(n.path("requires"))));
            }
        }
        for (Path d : descriptors(fixtures.resolve("blog"))) {
            JsonNode n = JSON.readTree(Files.readAllBytes(d));
            out.add(new SelfCheckTarget(n.path("name").asText(), SelfCheckTarget.Kind.DESIGN,
                    List.of("--descriptor", d.toString()), SelfCheckTarget.stringList(n.path("expectedFailures")),
                    List.of(), SelfCheckTarget.stringList(n.path("requires"))));
        }
        out.add(UNSTARTABLE);
        for (Path d : descriptors(fixtures.resolve("broken"))) {
            JsonNode n = JSON.readTree(Files.readAllBytes(d));
            List<String> breaks = SelfCheckTarget.clauses(n.path("expectedFailures"), false);
            if (breaks.isEmpty()) {
                throw new IllegalStateException(d + ": a broken server's descriptor must name the clause it breaks "
                        + "in expectedFailures, with a reason that does not begin \"" + SelfCheckTarget.CONSEQUENCE_PREFIX
                        + "\"");
            }
            Set<String> selection = new TreeSet<>(breaks);
            selection.addAll(List.of(SMOKE.split(",")));
            out.add(new SelfCheckTarget(n.path("name").asText(), SelfCheckTarget.Kind.BROKEN,
                    List.of("--descriptor", d.toString(), "--clause", String.join(",", selection), "--strict"),
                    breaks, SelfCheckTarget.clauses(n.path("expectedFailures"), true),
                    SelfCheckTarget.stringList(n.path("requires"))));
        }
        return out;
    }

    /**
     * The reference server is not run again: the build's conformance execution has just run the whole kit
     * against it (100 tries per property) and its verdict step failed the build if a clause failed; its
     * report is judged here like the others, so the matrix has a row for it.
     */
    private SelfCheckResult referenceFromTheMavenRun() throws IOException {
        SelfCheckTarget t = new SelfCheckTarget("reference-server (the Maven conformance run)",
                SelfCheckTarget.Kind.CORRECT, List.of(), List.of(), List.of(), List.of());
        JsonNode report = JSON.readTree(Files.readAllBytes(reportDir.resolve("report.json")));
        int cases = 0;
        for (JsonNode c : report.path("clauses")) {
            cases += c.path("tests").size();
        }
        if (cases == 0) {
            return new SelfCheckResult(t, -1, List.of(), List.of(), List.of(), List.of(), 0,
                    "SKIPPED: the conformance run of this build ran no case (a -Dtest or clause selection)",
                    reportDir.toString());
        }
        int status = "pass".equals(report.path("verdict").asText()) ? 0 : 1;
        return judge(t, status, reportDir.resolve("report.json"), report.path("run").path("durationMillis").asLong(),
                known);
    }

    /** The JSON files of a fixture directory that are descriptors (they have a command), not package files. */
    private static List<Path> descriptors(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = JSON.readTree(Files.readAllBytes(f));
                if (n.isObject() && n.has("command") && n.has("name")) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private SelfCheckResult run(SelfCheckTarget t, Path noExpectedFailures) throws IOException, InterruptedException {
        for (String program : t.requires()) {
            if (!onPath(program)) {
                String why = "\"" + program + "\" is not on the PATH";
                return new SelfCheckResult(t, -1, List.of(), List.of(), List.of(), List.of(), 0,
                        ci ? "WRONG: " + why + " (required when CI=true)" : "SKIPPED: " + why, "");
            }
        }
        Path dir = work.resolve(t.name());
        deleteTree(dir);
        Files.createDirectories(dir);
        // The JVM options bin/ctlsock-conformance gives the kit (C1 only, the serial collector): see its comment.
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djunit.jupiter.execution.parallel.config.fixed.parallelism=" + CLASSES_AT_A_TIME,
                "-Djunit.jupiter.execution.parallel.config.fixed.max-pool-size=" + CLASSES_AT_A_TIME,
                "-jar", kitJar.toString()));
        cmd.addAll(t.kitArgs());
        if (t.kind() == SelfCheckTarget.Kind.BROKEN) {
            cmd.addAll(List.of("--expected-failures", noExpectedFailures.toString()));
        }
        boolean broken = t.kind() == SelfCheckTarget.Kind.BROKEN;
        boolean mustPass = t.kind() == SelfCheckTarget.Kind.CORRECT;
        cmd.addAll(List.of("--tries", Integer.toString(broken ? BROKEN_TRIES : TRIES),
                "--seed", Long.toString(seed.value()),
                "--timeout-scale", mustPass ? TIMEOUT_SCALE : FAILING_TIMEOUT_SCALE, "--quiet",
                "--report-dir", dir.resolve("report").toString()));
        long start = System.nanoTime();
        RunConfinement confinement = confinementProblem().isEmpty() ? RunConfinement.in(dir) : null;
        Process p = new ProcessBuilder(confinement == null ? cmd : confinement.wrap(cmd)).directory(dir.toFile())
                .redirectOutput(dir.resolve("kit.out").toFile()).redirectError(dir.resolve("kit.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(RUN_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            if (confinement != null) {
                confinement.leftovers(5_000); // kills what the stopped run left
            }
            return new SelfCheckResult(t, -1, List.of(), List.of(), List.of(), List.of(), 0,
                    "WRONG: the kit did not finish within " + RUN_DEADLINE_SECONDS + " s", dir.toString());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> survivors = new ArrayList<>(survivors(ownFiles(t), 5_000));
        if (confinement != null) {
            survivors.addAll(confinement.leftovers(5_000));
        }
        if (!survivors.isEmpty()) {
            return new SelfCheckResult(t, p.exitValue(), List.of(), List.of(), List.of(), List.of(), millis,
                    "WRONG: what the kit started or made outlived it: " + survivors, dir.toString());
        }
        Path json = dir.resolve("report/report.json");
        if (!Files.isRegularFile(json)) {
            return new SelfCheckResult(t, p.exitValue(), List.of(), List.of(), List.of(), List.of(), millis,
                    "WRONG: exit " + p.exitValue() + " and no report: " + tail(dir.resolve("kit.err")), dir.toString());
        }
        return judge(t, p.exitValue(), json, millis, known);
    }

    /**
     * What the kit said, against what it must say. A known issue (selfcheck-known-issues.json) excuses one
     * clause of one fixture, and must still occur: one that no longer does is itself wrong, so the list only
     * shrinks.
     */
    static SelfCheckResult judge(SelfCheckTarget t, int status, Path json, long millis, KnownIssues known)
            throws IOException {
        JsonNode report = JSON.readTree(Files.readAllBytes(json));
        List<String> failed = new ArrayList<>();
        List<String> knownFail = new ArrayList<>();
        Set<String> withCases = new TreeSet<>();
        for (JsonNode c : report.path("clauses")) {
            String o = c.path("outcome").asText();
            String id = c.path("id").asText();
            if (o.equals("FAIL") || o.equals("ERROR")) {
                failed.add(id);
            } else if (o.equals("KNOWN-FAIL")) {
                knownFail.add(id);
            }
            if (c.path("tests").size() > 0) {
                withCases.add(id);
            }
        }
        String name = t.name();
        List<String> caught = t.breaks().stream().filter(failed::contains).toList();
        List<String> noCase = t.breaks().stream().filter(b -> !withCases.contains(b)).toList();
        List<String> missed = t.breaks().stream().filter(b -> withCases.contains(b) && !failed.contains(b)).toList();
        List<String> excused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        switch (t.kind()) {
            case CORRECT, DESIGN -> {
                // DESIGN: a failure here is unexpected, or an expected failure that now passes (the kit says which).
                for (String f : failed) {
                    if (known.excuses(name, f)) {
                        excused.add(f);
                    } else {
                        problems.add(f + " fails");
                    }
                }
            }
            case UNSTARTABLE -> {
                if (status != 1 && status != 2) {
                    problems.add("a target that cannot start must make the kit exit 1 or 2");
                }
            }
            case BROKEN -> {
                for (String m : missed) {
                    if (known.excuses(name, m)) {
                        excused.add(m);
                    } else {
                        problems.add(m + " not caught although the kit has cases for it");
                    }
                }
                if (problems.isEmpty() && caught.isEmpty() && noCase.isEmpty()) {
                    problems.add("nothing it breaks was caught");
                }
            }
        }
        for (String k : known.clausesOf(name)) {
            if (!excused.contains(k)) {
                problems.add("known issue " + k + " no longer occurs: delete it from selfcheck-known-issues.json");
            }
        }
        String verdict;
        if (!problems.isEmpty()) {
            verdict = "WRONG: " + String.join("; ", problems) + " (exit " + status + ")";
        } else if (t.kind() == SelfCheckTarget.Kind.BROKEN && caught.isEmpty()) {
            verdict = "SKIPPED: the kit has no case yet for " + noCase;
        } else if (t.kind() == SelfCheckTarget.Kind.BROKEN && status != 1) {
            verdict = "WRONG: exit " + status + " although " + caught + " failed";
        } else if ((t.kind() == SelfCheckTarget.Kind.CORRECT || t.kind() == SelfCheckTarget.Kind.DESIGN) && status != 0
                && excused.size() < failed.size()) {
            verdict = "WRONG: exit " + status;
        } else {
            verdict = excused.isEmpty() ? "ok" : "ok, known issues " + excused;
        }
        // Ids must be unique (RUNNER.md, issue 16 item 6). Shown, not yet judged: the report names an invocation of a
        // parameterized case after its method instead of its display name (report/ReportListener.name), which
        // gives every invocation of 2.2.4, 3.1.2, 3.3.x, 3.4.x, 2.4.1 … one id; once that is fixed, this joins
        // the problems above (kit2-speed's report says how).
        List<String> repeatedIds = repeatedCaseIds(report);
        if (!repeatedIds.isEmpty()) {
            verdict += " — the report gives several cases one id: " + repeatedIds;
        }
        return new SelfCheckResult(t, status, failed, knownFail, caught, noCase, millis, verdict,
                json.getParent().toString());
    }

    /** The case ids a report gives to more than one case, with their counts. */
    static List<String> repeatedCaseIds(JsonNode report) {
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        for (JsonNode c : report.path("clauses")) {
            for (JsonNode t : c.path("tests")) {
                if (t.hasNonNull("case")) {
                    seen.merge(t.path("case").asText(), 1, Integer::sum);
                }
            }
        }
        return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " ×" + e.getValue())
                .toList();
    }

    /** Why the runs cannot each get a private /tmp and mount namespace here, or empty. */
    private Optional<String> confinementProblem() {
        return RunConfinement.unavailableFor(List.of(kitJar, fixtures, work, java()));
    }

    /** The fixture's own files named in its descriptor's command ({@code {dir}/…}): what its processes run. */
    static List<String> ownFiles(SelfCheckTarget t) throws IOException {
        int i = t.kitArgs().indexOf("--descriptor");
        if (i < 0) {
            return List.of();
        }
        Path descriptor = Path.of(t.kitArgs().get(i + 1)).toAbsolutePath();
        List<String> out = new ArrayList<>();
        for (String word : JSON.readTree(Files.readAllBytes(descriptor)).path("command").asText().split(" ")) {
            if (word.contains("{dir}")) {
                out.add(word.replace("{dir}", descriptor.getParent().toString()));
            }
        }
        return out;
    }

    /**
     * The live processes whose command line names one of {@code files}, after up to {@code waitMillis} for them
     * to go (the kit has just exited; a process it killed may take a moment to be reaped).
     */
    static List<String> survivors(List<String> files, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            List<String> found = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> files.stream().anyMatch(c::contains)).orElse(false))
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList();
            if (found.isEmpty() || files.isEmpty() || System.nanoTime() - deadline > 0) {
                return files.isEmpty() ? List.of() : found;
            }
            Thread.sleep(20); // polling a process table that has no change notification, within the deadline
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return s.length() > 500 ? "…" + s.substring(s.length() - 500) : s;
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String d : path == null ? new String[0] : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
