package org.ctlsock.bench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ctlsock.bench.suite.BenchmarkReport;
import org.ctlsock.bench.suite.BenchmarkRun;
import org.ctlsock.bench.suite.BenchmarkSettings;
import org.ctlsock.bench.suite.MachineInfo;
import org.ctlsock.bench.suite.ReportFile;
import org.ctlsock.bench.suite.Scenario;
import org.ctlsock.bench.suite.Target;
import org.ctlsock.bench.suite.TargetCatalog;
import org.ctlsock.bench.suite.TargetResult;

/** {@code bench}: measures every target found in the repository and writes BENCHMARKS.md. */
public final class BenchCommand {

    static final Set<String> VALUED = Set.of("repo", "output", "duration", "warmup", "clients", "modes", "scenarios",
            "targets", "target", "starts", "command-line", "connector", "engine", "threads", "noisy-threshold",
            "noisy-retries", "quiet-wait", "server-jar", "repeats");
    static final Set<String> FLAGS = Set.of("no-write");

    private BenchCommand() {
    }

    public static int run(List<String> args, PrintStream out) throws UsageException, IOException, InterruptedException {
        OptionParser o = OptionParser.parse(args, VALUED, FLAGS);
        Path repo = Path.of(o.get("repo", ".")).toAbsolutePath().normalize();
        Path output = Path.of(o.get("output", repo.resolve("BENCHMARKS.md").toString()));
        BenchmarkSettings settings = settings(o);
        String commandLine = o.get("command-line", "java -jar bench/target/ctlsock-bench.jar bench " + String.join(" ", args));

        Path workDir = Files.createTempDirectory("ctlsock-bench-");
        TargetCatalog catalog = TargetCatalog.discover(repo, workDir,
                o.has("server-jar") ? Path.of(o.get("server-jar", "")) : null);
        for (String extra : o.all("target")) {
            int eq = extra.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--target needs NAME=COMMAND-TEMPLATE, not " + extra);
            }
            try {
                catalog.addExtra(extra.substring(0, eq), extra.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        List<Target> targets = select(catalog.targets(), o.get("targets", null));
        List<String> missing = new ArrayList<>(catalog.missing());
        out.println("ctlsock-bench: " + targets.size() + " targets, " + settings.cells().size()
                + " cells each; logs in " + workDir);
        catalog.missing().forEach(m -> out.println("   not measured: " + m));

        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        List<TargetResult> results = new BenchmarkRun(settings, workDir, out).run(targets);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        String report = new BenchmarkReport(results, missing, settings, MachineInfo.describe(), commandLine,
                started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), took).markdown();
        if (o.has("no-write")) {
            out.println(report);
        } else {
            ReportFile.write(output, report);
            out.println("ctlsock-bench: wrote " + output);
        }
        boolean failed = results.stream().anyMatch(r -> r.cell(settings.cells().get(0)) == null);
        if (!failed) {
            deleteTree(workDir);
        } else {
            out.println("ctlsock-bench: a target failed; its log is kept in " + workDir);
        }
        return failed ? 1 : 0;
    }

    static BenchmarkSettings settings(OptionParser o) throws UsageException {
        List<Integer> clients = new ArrayList<>();
        for (String c : o.get("clients", "1,16,64").split(",")) {
            try {
                clients.add(Integer.parseInt(c.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--clients needs numbers separated by commas, not " + o.get("clients", ""));
            }
        }
        List<Boolean> modes = new ArrayList<>();
        for (String m : o.get("modes", "keepalive,close").split(",")) {
            switch (m.trim()) {
                case "keepalive" -> modes.add(true);
                case "close" -> modes.add(false);
                default -> throw new UsageException("--modes needs keepalive and/or close, not " + m);
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String id : o.get("scenarios", "get-echo,post-echo").split(",")) {
            scenarios.add(Scenario.ALL.stream().filter(s -> s.id().equals(id.trim())).findFirst()
                    .orElseThrow(() -> new UsageException("unknown scenario " + id + " (get-echo, post-echo)")));
        }
        int starts = o.intValue("starts", 5);
        if (starts < 1 || clients.stream().anyMatch(c -> c < 1)) {
            throw new UsageException("--starts and --clients need positive numbers");
        }
        double threshold;
        try {
            threshold = Double.parseDouble(o.get("noisy-threshold", "15").replace("%", "").trim()) / 100;
        } catch (NumberFormatException e) {
            throw new UsageException("--noisy-threshold needs a percentage, not " + o.get("noisy-threshold", ""));
        }
        int retries = o.intValue("noisy-retries", 2);
        if (retries < 0 || threshold <= 0) {
            throw new UsageException("--noisy-retries must not be negative and --noisy-threshold must be positive");
        }
        int repeats = o.intValue("repeats", 1);
        if (repeats < 1) {
            throw new UsageException("--repeats needs a positive number");
        }
        return new BenchmarkSettings(o.duration("warmup", Duration.ofSeconds(1)), o.duration("duration", Duration.ofSeconds(3)),
                repeats, clients, modes, scenarios, starts, LoadCommand.engine(o), threshold, retries,
                o.duration("quiet-wait", Duration.ofSeconds(60)));
    }

    /** Keeps the named targets (all when {@code names} is null), in the catalogue's order. */
    static List<Target> select(List<Target> all, String names) throws UsageException {
        List<Target> ordered = new ArrayList<>(all);
        // The ceiling first, then the reference server and its variants, then the fixtures.
        List<Target.Role> order = List.of(Target.Role.CEILING, Target.Role.REFERENCE, Target.Role.EXTRA, Target.Role.FIXTURE);
        ordered.sort(Comparator.comparingInt(t -> order.indexOf(t.role())));
        if (names == null) {
            return ordered;
        }
        List<Target> chosen = new ArrayList<>();
        for (String n : names.split(",")) {
            Target t = ordered.stream().filter(x -> x.name().equals(n.trim())).findFirst()
                    .orElseThrow(() -> new UsageException("no target named " + n + "; found "
                            + ordered.stream().map(Target::name).toList()));
            chosen.add(t);
        }
        return chosen;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
