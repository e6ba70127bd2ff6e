package org.ctlsock.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.process.CommandTemplate;
import org.ctlsock.process.Finished;
import org.ctlsock.process.Launch;

/**
 * Finds the servers to benchmark in a repository: the reference server's jar, the Python, Node.js
 * and Go fixtures' descriptors, and nginx on the PATH. What is missing is reported, not fatal.
 */
public final class TargetCatalog {

    /** The fixture directories the benchmark compares against, in report order. */
    static final List<String> FIXTURE_DIRS = List.of("go", "node", "python");

    private final List<Target> targets = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    public List<Target> targets() {
        return targets;
    }

    /** Why an expected target is not in {@link #targets()}, one line each. */
    public List<String> missing() {
        return missing;
    }

    /**
     * @param serverJar the reference server's jar, or null for {@code server/target/ctlsock-server.jar}
     */
    public static TargetCatalog discover(Path repo, Path workDir, Path serverJar) throws IOException {
        TargetCatalog c = new TargetCatalog();
        if (onPath("nginx")) {
            c.targets.add(NginxCeiling.target(workDir.resolve("nginx")));
        } else {
            c.missing.add("nginx: not on the PATH (apt-get install nginx)");
        }
        c.addReference(serverJar != null ? serverJar : repo.resolve("server/target/ctlsock-server.jar"), repo);
        for (String dir : FIXTURE_DIRS) {
            c.addFixtures(repo.resolve("fixtures").resolve(dir), dir);
        }
        return c;
    }

    public void addExtra(String name, String template) {
        targets.add(new Target(name, Target.Role.EXTRA, CommandTemplate.parse(template).requireSocket(), null,
                List.of(), "given with --target: " + template));
    }

    private void addReference(Path givenJar, Path repo) throws IOException {
        Path jar = givenJar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            missing.add("reference: " + jar + " not built (mvn -pl server package -DskipTests)");
            return;
        }
        // --quiet keeps per-request logging out of the measurement, if this build of the server has it.
        String quiet = helpMentions(jar, "--quiet") ? " --quiet" : "";
        String template = "java -jar " + jar + quiet + " {socket}";
        targets.add(new Target("reference", Target.Role.REFERENCE, CommandTemplate.parse(template).requireSocket(),
                null, List.of("java"), "the reference server: " + template.replace(repo.toAbsolutePath().normalize() + "/", "")));
    }

    private void addFixtures(Path dir, String label) throws IOException {
        if (!Files.isDirectory(dir)) {
            missing.add(label + " fixture: no directory " + dir);
            return;
        }
        int found = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                JsonNode d;
                try {
                    d = new ObjectMapper().readTree(file.toFile());
                } catch (IOException e) {
                    missing.add(label + " fixture: " + file + " is not valid JSON: " + e.getMessage());
                    continue;
                }
                if (d == null || !d.isObject() || !d.path("name").isTextual() || !d.path("command").isTextual()) {
                    continue; // not a descriptor (e.g. package.json)
                }
                List<String> requires = new ArrayList<>();
                d.path("requires").forEach(r -> requires.add(r.asText()));
                List<String> absent = requires.stream().filter(r -> !onPath(r)).toList();
                if (!absent.isEmpty()) {
                    missing.add(d.get("name").asText() + ": needs " + absent + " on the PATH");
                    continue;
                }
                String command = d.get("command").asText();
                targets.add(new Target(d.get("name").asText(), Target.Role.FIXTURE,
                        CommandTemplate.parse(command).requireSocket(),
                        dir.toAbsolutePath().normalize(), requires,
                        "fixture " + repoRelative(file) + ": " + command));
                found++;
            }
        }
        if (found == 0) {
            missing.add(label + " fixture: no descriptor (*.json with name and command) in " + dir);
        }
    }

    private static String repoRelative(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return "fixtures/" + parent.getFileName() + "/" + file.getFileName();
    }

    static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean helpMentions(Path jar, String word) {
        try {
            Finished help = Launch.of("java", "-jar", jar.toString(), "--help").run(Duration.ofSeconds(20));
            return (help.stdout() + help.stderr()).contains(word);
        } catch (IOException e) {
            return false;
        }
    }
}
