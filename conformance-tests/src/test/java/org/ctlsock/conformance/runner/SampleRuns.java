package org.ctlsock.conformance.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real runs of the standalone runner, in this JVM, shared by the runner's tests (each is made once):
 * the reference server on section 4.1 (passes), and {@link Http10OnlyServer} on clause 4.1.1 (fails, with
 * evidence). Their report directories are what the report tests check.
 */
final class SampleRuns {
    /** One finished invocation: exit status, what it printed, where its reports are. */
    record Run(int status, String out, String err, Path reportDir) {
        Path file(String name) {
            return reportDir.resolve(name);
        }
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private SampleRuns() {
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path referenceJar() {
        String jar = System.getProperty("ctlsock.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the reference server jar (-Dctlsock.server.jar=" + jar + ") is missing: "
                    + "build it with mvn -B -q -o -pl server package -DskipTests");
        }
        return Path.of(jar);
    }

    static String referenceTarget() {
        return "\"" + java() + "\" -jar \"" + referenceJar() + "\" {options} {socket}";
    }

    static String wrongTarget() {
        try {
            Path classes = Path.of(Http10OnlyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return "\"" + java() + "\" -cp \"" + classes + "\" " + Http10OnlyServer.class.getName() + " {socket}";
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path workDir(String name) {
        return Path.of("target", "runner-tests", name).toAbsolutePath();
    }

    /** The reference server, section 4.1: every case passes. */
    static Run reference() {
        return RUNS.computeIfAbsent("reference", k -> cli(k, "--target", referenceTarget(), "--capabilities",
                "mode,group,peercred,socket-activation", "--clause", "4.1"));
    }

    /** The HTTP/1.0-only server, clause 4.1.1: it fails. */
    static Run wrong() {
        return RUNS.computeIfAbsent("wrong", k -> cli(k, "--target", wrongTarget(), "--name", "http10-only",
                "--clause", "4.1.1"));
    }

    /** Runs the CLI in this JVM with {@code --report-dir} set to a fresh directory of its own. */
    static Run cli(String name, String... args) {
        Path dir = workDir(name);
        deleteTree(dir);
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--report-dir");
        all.add(dir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ConformanceCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), k -> null).execute(all.toArray(String[]::new));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), dir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
