package org.ctlsock.conformance.runner;

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
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
import org.ctlsock.conformance.selfcheck.RunConfinement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone runner's command line: exit statuses, messages, selection, expected failures, one case. */
class CliTest {

    @Test
    void helpAndVersion() {
        SampleRuns.Run help = SampleRuns.cli("help", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--target").contains("--expected-failures").contains("Exit status");
        SampleRuns.Run version = SampleRuns.cli("version", "--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("ctlsock-conformance ").contains("spec 1.1");
    }

    @Test
    void usageErrorsExit2WithAMessage() {
        assertUsage("unknown option --frobnicate", "--frobnicate");
        assertUsage("give only one of", "--target", "x {socket}", "--socket", "/tmp/x.sock");
        assertUsage("no clause of spec", "--target", SampleRuns.referenceTarget(), "--clause", "99.1");
        assertUsage("--level OUGHT", "--target", SampleRuns.referenceTarget(), "--level", "OUGHT");
        assertUsage("no {socket} word", "--target", "python3 server.py");
        assertUsage("--tries must be a whole number", "--target", SampleRuns.referenceTarget(), "--tries", "0");
        assertUsage("timeout-scale", "--target", SampleRuns.referenceTarget(), "--timeout-scale", "fast");
        assertUsage("no such case", "--target", SampleRuns.referenceTarget(), "--case", "4.1.1/noSuchMethod");
        assertUsage("needs a value", "--target");
    }

    private static void assertUsage(String message, String... args) {
        SampleRuns.Run r = SampleRuns.cli("usage", args);
        assertThat(r.status()).as("exit status of " + String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).as("message of " + String.join(" ", args)).contains(message).contains("--help");
    }

    @Test
    void withNoTargetTheJarChecksTheReferenceServerThroughItsDescriptor() throws IOException {
        // 5.1.2 fails unless the kit knows that the reference server answers query arguments (9.5.1).
        SampleRuns.Run r = SampleRuns.cli("default-target", "--clause", "5.1.2");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("target: reference-server (reference server descriptor (server/ctlsock.json)")
                .contains("claims commands, mode, group, peercred, socket-activation, query-args")
                .contains("report: " + r.file("report.html"));
        assertThat(r.out().lines().filter(l -> l.startsWith("ctlsock conformance: ")))
                .as("one summary line").hasSize(1).first().asString().startsWith("ctlsock conformance: PASS — 1 PASS, ");
    }

    @Test
    void theReferenceServersDescriptorFileTellsItsRealCapabilities() {
        SampleRuns.Run r = SampleRuns.cli("server-descriptor", "--descriptor", "../server/ctlsock.json", "--clause",
                "5.1.2,9.5");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("ctlsock conformance: PASS");
    }

    @Test
    void caseAcceptsEveryIdAReportPrints() throws IOException {
        JsonNode report = new ObjectMapper().readTree(SampleRuns.reference().file("report.json").toFile());
        List<String> ids = new ArrayList<>();
        report.path("clauses").forEach(c -> c.path("tests").forEach(t -> ids.add(t.path("case").asText())));
        report.path("unattributed").forEach(t -> ids.add(t.path("case").asText()));
        assertThat(ids).as("ids of a test factory's values").anyMatch(id -> id.contains("/vectors["));
        CaseCatalog catalog = ConformanceCli.discover(ConformanceCli.settings(SettingValues.parse(k -> null, "--target",
                SampleRuns.referenceTarget())), 1);
        assertThat(ids).as("ids in report.json that --case cannot find").filteredOn(id -> catalog.find(id).isEmpty())
                .isEmpty();

        String value = ids.stream().filter(id -> id.contains("/vectors[")).findFirst().orElseThrow();
        SampleRuns.Run r = SampleRuns.cli("one-value", "--target", SampleRuns.referenceTarget(), "--case", value);
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("=== PASS " + value);
    }

    @Test
    void listIsInSpecOrder() {
        SampleRuns.Run r = SampleRuns.cli("list", "--list");
        List<String> clauses = r.out().lines().filter(l -> l.matches("\\d+\\.\\d+\\.\\d+/.*"))
                .map(l -> l.substring(0, l.indexOf('/'))).toList();
        Comparator<String> specOrder = Comparator.comparing(c -> java.util.Arrays.stream(c.split("\\."))
                .mapToInt(Integer::parseInt).boxed().toList(), (a, b) -> {
                    for (int i = 0; i < 3; i++) {
                        int d = Integer.compare(a.get(i), b.get(i));
                        if (d != 0) {
                            return d;
                        }
                    }
                    return 0;
                });
        assertThat(clauses).hasSizeGreaterThan(50).isSortedAccordingTo(specOrder);
        List<String> lines = r.out().lines().filter(l -> l.matches("\\d+\\.\\d+\\.\\d+/.*")).toList();
        for (int i = 1; i < lines.size(); i++) {
            if (clauses.get(i).equals(clauses.get(i - 1))) {
                assertThat(lines.get(i).split(" ")[0]).isGreaterThan(lines.get(i - 1).split(" ")[0]);
            }
        }
    }

    @Test
    void aTargetWhoseProgramIsNotFoundRunsNoCaseAndSaysWhy() throws IOException {
        String program = "ctlsock-no-such-program-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        SampleRuns.Run r = SampleRuns.cli("not-found", "--target", program + " {socket}", "--clause", "4.1");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        String why = "the target's program \"" + program + "\" is not on the PATH";
        assertThat(r.out()).as(r.err()).contains(why).containsPattern("STOPPED — \\d+ cases not run")
                .contains("ctlsock conformance: STOPPED — ").doesNotContain("ctlsock conformance: PASS");
        String json = Files.readString(r.file("report.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"verdict\" : \"stopped\"").contains("not run: " + why.replace("\"", "\\\""))
                .doesNotContain("\"outcome\" : \"FAIL\"")
                .doesNotContain("\"outcome\" : \"ERROR\"");
    }

    @Test
    void aTargetThatCannotRunLeavesNoDirectory() throws IOException {
        // A program that exists but exits 127, as a script whose interpreter is missing does. Other runs may make
        // /tmp/ctlsock-* directories meanwhile: look for this run's own, by what its target wrote.
        String program = "ctlsock-no-such-program-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        SampleRuns.Run r = SampleRuns.cli("cannot-run", "--target", "sh -c \"echo " + program + " >&2; exit 127\" "
                + "{socket}", "--clause", "4.1");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("exit status 127");
        List<Path> left = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/tmp"), "ctlsock-*")) {
            for (Path d : dirs) {
                Path err = d.resolve("stderr.log");
                if (Files.isRegularFile(err) && Files.readString(err, StandardCharsets.ISO_8859_1).contains(program)) {
                    left.add(d);
                }
            }
        }
        assertThat(left).as("directories the kit made for a target that could not run").isEmpty();
    }

    @Test
    void aRunThatReachesItsCeilingReportsWhatRanAndTheRestAsNotRun() throws IOException {
        SampleRuns.Run r = SampleRuns.cli("ceiling", "--target", SampleRuns.referenceTarget(), "--clause", "4.1",
                "--max-run-time", "1ms");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).containsPattern("STOPPED — \\d+ cases not run: the run reached its ceiling of 0.001 s");
        String json = Files.readString(r.file("report.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("not run: the run reached its ceiling").contains("\"outcome\" : \"PASS\"");
        assertUsage("--max-run-time must be a duration", "--target", "x {socket}", "--max-run-time", "soon");
    }

    /**
     * SIGTERM at two moments: as soon as the kit starts its first process of any kind (the cases' targets are then
     * about to start, before any is known to the kit's shutdown hook), and once a target runs.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "SIGTERM once {0} runs")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"any child", "a target"})
    void sigtermStillWritesTheReportAndLeavesNoProcessAndNoDirectory(String moment) throws Exception {
        Path dir = SampleRuns.workDir("sigterm-" + moment.replace(' ', '-'));
        SampleRuns.deleteTree(dir);
        Path reports = dir.resolve("report");
        List<String> command = List.of(SampleRuns.java().toString(), "-cp", System.getProperty("java.class.path"),
                ConformanceCli.class.getName(), "--target", SampleRuns.referenceTarget(), "--capabilities",
                "mode,group,peercred,socket-activation,query-args", "--clause", "4,5", "--report-dir",
                reports.toString());
        // Confined, the run has a /tmp of its own, so what it leaves there is its own and no other build's.
        java.util.Optional<String> unconfined = RunConfinement.unavailableFor(
                List.of(dir, SampleRuns.java(), SampleRuns.referenceJar()));
        RunConfinement confinement = unconfined.isEmpty() ? RunConfinement.in(dir) : null;
        Process kit = new ProcessBuilder(confinement != null ? confinement.wrap(command) : command)
                .redirectErrorStream(true).start();
        // Only processes the kit's JVM started count, not the confinement's shell and what it forks (a process
        // just forked still shows its parent's command line, which names the server jar in --target).
        String jvm = SampleRuns.java().toString();
        String server = jvm + " -jar " + SampleRuns.referenceJar();
        java.util.function.Predicate<ProcessHandle> trigger = moment.equals("a target")
                ? h -> h.info().commandLine().orElse("").startsWith(server)
                : h -> true;
        List<ProcessHandle> started = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (started.isEmpty() && kit.isAlive() && System.nanoTime() < deadline) {
            // For "any child", the kit must already be the JVM before its descendants are listed: confined, the kit
            // is first a shell that runs readlink and mount, waits for each, then execs the JVM. Checked after the
            // listing, a mount listed alive just before that exec counted as the JVM's first child, and the SIGTERM
            // came before the JVM had its handler: exit 143 and no report (seen once in a busy build).
            if (moment.equals("a target") || kit.info().command().orElse("").equals(jvm)) {
                kit.descendants().filter(trigger).forEach(started::add);
            }
            kit.waitFor(5, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        kit.toHandle().destroy(); // SIGTERM (Process.destroy would also close the pipe we read)
        String seen = new String(kit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kit.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as(seen).isTrue();
        assertThat(kit.exitValue()).as("exit status of a kit stopped by SIGTERM (RUNNER.md: 128 + 15)\n" + seen)
                .isEqualTo(143);
        assertThat(started).as("the kit had started " + moment).isNotEmpty();
        assertThat(reports.resolve("report.json")).as(seen).exists();
        assertThat(Files.readString(reports.resolve("report.json"), StandardCharsets.UTF_8))
                .contains("not run: stopped by SIGTERM or SIGINT")
                // The case the signal cut off (its target start refused a shutdown hook, or its target killed by
                // the shutdown) is not run too, never the target's FAIL.
                .doesNotContain("\"outcome\" : \"FAIL\"");
        assertThat(started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("processes the kit started that outlived it").isEmpty();
        org.junit.jupiter.api.Assumptions.assumeTrue(confinement != null,
                () -> "the report and the processes are checked, but not the directories the kit made: " + unconfined
                        .orElse(""));
        assertThat(confinement.leftovers(5_000)).as("processes and /tmp/ctlsock-* entries that outlived the kit\n"
                + seen).isEmpty();
    }

    @Test
    void longWaitsIsAnOptionAndAProperty() {
        org.ctlsock.conformance.spec.SpecCatalog spec = org.ctlsock.conformance.spec.SpecCatalog.bundled();
        assertThat(ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}")).longWaits())
                .isFalse();
        assertThat(ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}", "--long-waits"))
                .longWaits()).isTrue();
        assertThat(org.ctlsock.conformance.implementation.KitSettings.fromProperties(java.util.Map.of("ctlsock.target",
                "x {socket}", "ctlsock.longWaits", "true")::get).longWaits()).isTrue();
        assertThat(Setting.usage()).contains("--long-waits");
    }

    @Test
    void passingRunExits0AndPrintsProgressAndSummary() {
        SampleRuns.Run r = SampleRuns.reference();
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("4.1   Versions and Host").containsPattern("\\d+ PASS \\(\\d+\\.\\d s\\)")
                .contains("ctlsock conformance: PASS").contains("report.html");
        for (String f : new String[] {"report.json", "report.md", "report.html", "TEST-ctlsock.xml", "traceability.md"}) {
            assertThat(r.file(f)).exists();
        }
    }

    @Test
    void failingRunExits1AndNamesTheClause() {
        SampleRuns.Run r = SampleRuns.wrong();
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL 4.1.1/answersHttp11WithHttp11")
                .contains("ctlsock conformance: FAIL").contains("FAIL 4.1.1 MUST");
    }

    @Test
    void clauseSelectionAlsoAppliesToParameterizedCases() throws IOException {
        SampleRuns.Run r = SampleRuns.wrong();
        String json = Files.readString(r.file("report.json"), StandardCharsets.UTF_8);
        assertThat(json).as("cases of the run selecting only 4.1.1").doesNotContain("4.1.3/");
    }

    @Test
    void expectedFailureIsKnownAndAnExpectedFailureThatPassesFailsTheRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("expected.json");
        Files.writeString(file, "[{\"clause\": \"4.1.1\", \"reason\": \"answers HTTP/1.0\", \"link\": \"https://example.org/1\"}]",
                StandardCharsets.UTF_8);
        SampleRuns.Run known = SampleRuns.cli("known", "--target", SampleRuns.wrongTarget(), "--clause", "4.1.1",
                "--expected-failures", file.toString());
        assertThat(known.status()).as(known.out() + known.err()).isZero();
        assertThat(known.out()).contains("1 KNOWN-FAIL");

        SampleRuns.Run nowPasses = SampleRuns.cli("now-passes", "--target", SampleRuns.referenceTarget(), "--clause",
                "4.1.1", "--expected-failures", file.toString());
        assertThat(nowPasses.status()).as(nowPasses.out() + nowPasses.err()).isEqualTo(1);
        assertThat(nowPasses.out()).contains("expected failure now passes");
    }

    @Test
    void anExpectedFailureCanNameOneCase(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("expected.json");
        Files.writeString(file, "[{\"clause\": \"4.1.1\", \"case\": \"4.1.1/answersHttp11WithHttp11\", "
                + "\"reason\": \"answers HTTP/1.0\"}]", StandardCharsets.UTF_8);
        SampleRuns.Run known = SampleRuns.cli("known-case", "--target", SampleRuns.wrongTarget(), "--clause", "4.1.1",
                "--expected-failures", file.toString());
        assertThat(known.status()).as(known.out() + known.err()).isZero();
        assertThat(known.out()).contains("1 KNOWN-FAIL");
        assertThat(known.file("report.json")).content().contains("\"case\" : \"4.1.1/answersHttp11WithHttp11\"");

        SampleRuns.Run nowPasses = SampleRuns.cli("now-passes-case", "--target", SampleRuns.referenceTarget(),
                "--clause", "4.1.1", "--expected-failures", file.toString());
        assertThat(nowPasses.status()).as(nowPasses.out() + nowPasses.err()).isEqualTo(1);
        assertThat(nowPasses.out()).contains("expected failure now passes: case 4.1.1/answersHttp11WithHttp11");

        Files.writeString(file, "[{\"clause\": \"4.1.1\", \"case\": \"4.1.2/x\", \"reason\": \"r\"}]",
                StandardCharsets.UTF_8);
        assertUsage("\"case\" must be the id of a case of clause 4.1.1", "--target", SampleRuns.referenceTarget(),
                "--expected-failures", file.toString());
    }

    @Test
    void strictTurnsAnUnmetShouldIntoAFailure() {
        // No SHOULD case fails against the reference server, so: strict is recorded and changes nothing there.
        SampleRuns.Run r = SampleRuns.cli("strict", "--target", SampleRuns.referenceTarget(), "--clause", "4.1.1",
                "--strict");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.file("report.json")).content().contains("\"strict\" : true");
    }

    @Test
    void oneCasePrintsItsWholeWireLogEvenWhenItPasses() {
        SampleRuns.Run r = SampleRuns.cli("one-case", "--target", SampleRuns.referenceTarget(), "--case",
                "4.1.1/answersHttp11WithHttp11");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("=== PASS 4.1.1/answersHttp11WithHttp11")
                .contains(">> POST /echo HTTP/1.1\\r\\n").contains("<< HTTP/1.1 200");
        assertThat(r.out()).as("only that case ran").containsPattern("— 1 PASS, \\d+ not tested \\(clauses\\)");
    }

    @Test
    void seedAndTriesReachTheProperties() throws IOException {
        SampleRuns.Run r = SampleRuns.cli("seed", "--target", SampleRuns.referenceTarget(), "--case",
                "5.3.2/anyJsonArrayRoundTripsThroughEcho", "--seed", "4242", "--tries", "3");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("=== PASS 5.3.2/anyJsonArrayRoundTripsThroughEcho").contains("seed 4242")
                .contains("property: 3 tries with seed 4242");
        assertThat(Files.readString(r.file("report.json"), StandardCharsets.UTF_8)).contains("\"seed\" : \"4242\"");
    }

    @Test
    void listNeedsNoTargetAndShowsStableIds() {
        SampleRuns.Run r = SampleRuns.cli("list", "--list");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("4.1.1/answersHttp11WithHttp11").contains("MUST").contains(" cases");
    }
}
