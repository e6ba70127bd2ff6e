package org.ctlsock.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example of spec/11-examples.md runs against the reference server and shows what it really
 * does. The markup the examples use is described at the top of that file; {@link SpecExamples}
 * reads it. The doc's socket path {@code /tmp/ctl.sock} and jar path
 * {@code server/target/ctlsock-server.jar} are replaced by the test's own in each command, and
 * back again in the output. One server serves all examples with the same server options; each
 * shell example gets a fresh directory (and, for {@code shell-with-server}, a fresh server).
 * curl and bash are required: without them the examples are skipped, and under {@code CI=true}
 * they fail (see {@link Requirements}).
 */
class SpecExamplesTest {
  static final String DOC_SOCKET = "/tmp/ctl.sock";
  static final String DOC_JAR = "server/target/ctlsock-server.jar";
  private static final Duration BLOCK_LIMIT = Duration.ofSeconds(60);
  private static final Pattern MARKER = Pattern.compile("\u001e(\\d+)\u001e");

  /** The servers of the {@code server} and {@code raw} examples, by their extra options. */
  private static final Map<String, RunningServer> SERVERS = new LinkedHashMap<>();

  @AfterAll
  static void stopServers() throws InterruptedException {
    for (RunningServer server : SERVERS.values()) {
      server.close();
    }
    SERVERS.clear();
  }

  @TestFactory
  Stream<DynamicTest> everyExampleShowsWhatTheReferenceServerDoes() throws IOException {
    return SpecExamples.parse(SpecExamples.file()).stream()
        .map(example -> DynamicTest.dynamicTest(example.displayName(), () -> check(example)));
  }

  @Test
  void everyExampleCitesClausesThatExist() throws IOException {
    String index = Files.readString(Paths.repo().resolve("spec/clauses.json"), StandardCharsets.UTF_8);
    Set<String> ids = new TreeSet<>();
    Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9.]+)\"").matcher(index);
    while (id.find()) {
      ids.add(id.group(1));
    }
    List<String> problems = new ArrayList<>();
    List<SpecExample> examples = SpecExamples.parse(SpecExamples.file());
    assertThat(examples).as("checked examples in %s", SpecExamples.file()).hasSizeGreaterThan(20);
    for (SpecExample example : examples) {
      Matcher clauses = Pattern.compile("\\(clauses? ([^)]*)\\)").matcher(example.title());
      Matcher cited = Pattern.compile("\\d+\\.\\d+\\.\\d+")
          .matcher(clauses.find() ? clauses.group(1) : "");
      boolean any = false;
      while (cited.find()) {
        any = true;
        if (!ids.contains(cited.group())) {
          problems.add(example.displayName() + ": clause " + cited.group() + " is not in clauses.json");
        }
      }
      if (!any) {
        problems.add(example.displayName() + ": the title cites no clause");
      }
    }
    assertThat(problems).as("example titles and their clauses").isEmpty();
  }

  private static void check(SpecExample example) throws Exception {
    Requirements.program("curl", "every example of spec/11-examples.md is a curl command");
    Requirements.program("bash", "the examples are run with bash -c");
    for (String requirement : example.requires()) {
      if (requirement.equals("root")) {
        Requirements.require("root".equals(System.getProperty("user.name")),
            "example '" + example.title() + "' needs root (it switches to another uid)");
      } else {
        Requirements.program(requirement, "example '" + example.title() + "' runs it");
      }
    }
    switch (example.kind()) {
      case "raw" -> checkRaw(example, sharedServer(example.serverOptions()));
      case "server" -> {
        RunningServer server = sharedServer(example.serverOptions());
        checkConsole(example, server.dir(), server.socket(), server);
      }
      case "shell-with-server" -> {
        try (RunningServer server = start(example.serverOptions())) {
          checkConsole(example, server.dir(), server.socket(), server);
        }
      }
      default -> {
        Path dir = Files.createTempDirectory("ctlsock-example-");
        try {
          checkConsole(example, dir, dir.resolve("ctl.sock"), null);
        } finally {
          deleteTree(dir);
        }
      }
    }
  }

  private static void checkRaw(SpecExample example, RunningServer server) throws IOException {
    String difference = RawExchange.play(example.rawLines(), server.socket());
    if (difference != null) {
      fail("Example '" + example.title() + "' (spec/11-examples.md line " + example.line()
          + "): the raw exchange differs\n" + difference + "\n" + server.logTail());
    }
  }

  /** Runs all commands of the block in one bash (so that {@code $!} and jobs carry over). */
  private static void checkConsole(SpecExample example, Path dir, Path socket, RunningServer server)
      throws IOException, InterruptedException {
    Path jar = Paths.serverJar();
    StringBuilder script = new StringBuilder("exec 2>&1 </dev/null\n")
        // A server an example started in the background must not outlive it.
        .append("trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT\n");
    List<SpecExample.Command> commands = example.commands();
    for (int i = 0; i < commands.size(); i++) {
      String command = commands.get(i).text().replace(DOC_SOCKET, socket.toString())
          .replace(DOC_JAR, jar.toString());
      script.append("printf '\\036%d\\036' ").append(i).append('\n').append(command).append('\n');
    }
    ProcessResult result = ProcessResult.run(List.of("bash", "-c", script.toString()), dir,
        Map.of("LC_ALL", "C"), BLOCK_LIMIT);
    String output = result.stdout().replace(socket.toString(), DOC_SOCKET)
        .replace(jar.toString(), DOC_JAR);
    Map<Integer, String> outputs = split(output);
    for (int i = 0; i < commands.size(); i++) {
      SpecExample.Command command = commands.get(i);
      String actual = outputs.get(i);
      if (actual == null || !ExpectedOutput.matches(command.expected(), actual)) {
        fail("Example '" + example.title() + "' (spec/11-examples.md line " + example.line() + ")\n"
            + "$ " + command.text() + "\n--- Expected ---\n" + String.join("\n", command.expected())
            + "\n--- Actual ---\n"
            + (actual == null ? "(the command never ran: the block stopped before it)"
                : ExpectedOutput.normalise(actual))
            + (result.timedOut() ? "\n(the block was killed after " + BLOCK_LIMIT + ")" : "")
            + "\n--- whole block output ---\n" + ProcessResult.tail(output.replace('\u001e', '#'))
            + (server == null ? "" : "\n" + server.logTail()));
      }
    }
  }

  /** The output of each command, by its index, from the markers printed before each one. */
  private static Map<Integer, String> split(String output) {
    Map<Integer, String> outputs = new LinkedHashMap<>();
    Matcher marker = MARKER.matcher(output);
    Integer current = null;
    int from = 0;
    while (marker.find()) {
      if (current != null) {
        outputs.put(current, output.substring(from, marker.start()));
      }
      current = Integer.parseInt(marker.group(1));
      from = marker.end();
    }
    if (current != null) {
      outputs.put(current, output.substring(from));
    }
    return outputs;
  }

  private static RunningServer sharedServer(String options) throws IOException, InterruptedException {
    RunningServer server = SERVERS.get(options);
    if (server == null) {
      server = start(options);
      SERVERS.put(options, server);
    }
    return server;
  }

  /**
   * The reference server with these extra options. Its directory is opened to everyone (0755) so
   * that an example may connect as another uid (the allow-list example).
   */
  private static RunningServer start(String options) throws IOException, InterruptedException {
    Path jar = Paths.serverJar();
    Requirements.require(Files.isRegularFile(jar), "the server jar " + jar + " is not built"
        + " (mvn -pl server package)");
    // Not --quiet: its per-request log lines go to the server log, shown when an example fails.
    String template = "java -jar \"" + jar + "\" " + options + " {socket}";
    String name = options.isEmpty() ? "reference" : "reference " + options;
    RunningServer server = RunningServer.start(
        new ServerTarget(name, template, jar.getParent(), List.of("java"), null));
    Files.setPosixFilePermissions(server.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    return server;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
