package org.ctlsock.interop;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.AssertionFailedError;

/**
 * Every real client runs its script against every server under test, and each call's answer is
 * compared with what the spec says. Tests are named {@code server › client › call}; a failure shows
 * the clause, Expected vs Actual, the client's output and the server's log.
 *
 * <p>Each server starts once and serves all clients; the Go client is built once and the Java
 * scripts compiled once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropSuiteTest {
  private static final Duration CLIENT_LIMIT = Duration.ofSeconds(90);

  private SuiteResources resources;
  private ExecutorService pool;

  @BeforeAll
  void setUp() throws Exception {
    resources = new SuiteResources();
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  void tearDown() throws Exception {
    pool.shutdownNow();
    resources.close();
  }

  @TestFactory
  Stream<DynamicNode> clientsAgainstServers() {
    return ServerTargets.all().stream().map(target -> {
      TargetBatch batch = new TargetBatch(target);
      // All runs exist before any test asks for one: JUnit builds the containers lazily.
      List<ClientRun> runs = InteropClients.all().stream().map(batch::add).toList();
      return dynamicContainer(target.name(), runs.stream()
          .map(run -> dynamicContainer(run.client.name(), testsFor(run))));
    });
  }

  private Stream<DynamicNode> testsFor(ClientRun run) {
    InteropClient client = run.client;
    List<DynamicNode> tests = new ArrayList<>();
    // Each display name is complete on its own ("[server] client › call"), since reports often
    // show the leaf name alone.
    tests.add(dynamicTest(run.title("script runs and prints every call"), () -> checkScript(run)));
    for (String call : client.calls()) {
      tests.add(dynamicTest(run.title(call), () -> checkCall(run, CallExpectation.ALL.get(call))));
    }
    tests.add(dynamicTest(run.title("connections reused"), () -> checkConnections(run)));
    return tests.stream();
  }

  private void checkScript(ClientRun run) throws Exception {
    ClientRun.Result r = run.result();
    List<String> wrong = new ArrayList<>(r.output().problems);
    if (r.process().exitCode() != 0) {
      wrong.add("the script exited with status "
          + (r.process().timedOut() ? "(killed after " + CLIENT_LIMIT + ")" : r.process().exitCode()));
    }
    Set<String> missing = new LinkedHashSet<>(run.client.calls());
    missing.removeAll(r.output().calls.keySet());
    Set<String> extra = new LinkedHashSet<>(r.output().calls.keySet());
    extra.removeAll(run.client.calls());
    if (!missing.isEmpty()) {
      wrong.add("calls not printed: " + missing);
    }
    if (!extra.isEmpty()) {
      wrong.add("calls printed that the suite does not expect from this client: " + extra);
    }
    if (!wrong.isEmpty()) {
      throw new AssertionFailedError(run.title("script") + "\n" + String.join("\n", wrong)
          + "\n" + run.evidence(r));
    }
  }

  private void checkCall(ClientRun run, CallExpectation expected) throws Exception {
    ClientRun.Result r = run.result();
    ObservedCall actual = r.output().calls.get(expected.name());
    String header = run.title(expected.name()) + " — clause " + expected.clause() + ": "
        + expected.requirement();
    if (actual == null) {
      throw new AssertionFailedError(header + "\nthe client printed no line for this call\n"
          + run.evidence(r));
    }
    Optional<String> mismatch = expected.mismatch(actual);
    if (mismatch.isPresent()) {
      throw new AssertionFailedError(header + "\n" + mismatch.get()
          + "\nExpected: " + expected.describe() + "\nActual:   " + actual + "\n" + run.evidence(r),
          expected.describe(), actual.toString());
    }
  }

  private void checkConnections(ClientRun run) throws Exception {
    ClientRun.Result r = run.result();
    String scope = run.client.connectionScope();
    Integer n = r.output().connections;
    String header = run.title("connections") + " — clause 4.2.1: an HTTP/1.1 connection is"
        + " persistent" + (scope.equals("all") ? "; clause 6.2.3: a failing command leaves the"
        + " connection as it was" : "");
    if (n == null || !scope.equals(r.output().connectionScope)) {
      throw new AssertionFailedError(header + "\nExpected: a line \"CONNECTIONS " + scope
          + " N\"\nActual:   " + (n == null ? "none" : "CONNECTIONS " + r.output().connectionScope
          + " " + n) + "\n" + run.evidence(r));
    }
    boolean ok = scope.equals("all") ? n == 1 : n >= 0 && n <= 1;
    if (!ok) {
      String expected = scope.equals("all")
          ? "1 connection for every call of the script (the client keeps it alive)"
          : "at most 1 new connection for the three keep-alive calls";
      throw new AssertionFailedError(header + "\nExpected: " + expected + "\nActual:   " + n
          + " connections\n" + run.evidence(r));
    }
  }

  /**
   * The client runs against one server. The first test that needs one starts the server and then
   * all the clients at once (they are separate processes with their own connections), which
   * keeps the suite's wall time near that of its slowest client.
   */
  private final class TargetBatch {
    private final ServerTarget target;
    private final List<ClientRun> runs = new ArrayList<>();
    private boolean started;

    TargetBatch(ServerTarget target) {
      this.target = target;
    }

    synchronized ClientRun add(InteropClient client) {
      if (started) {
        throw new IllegalStateException("client added after the runs started: " + client);
      }
      ClientRun run = new ClientRun(this, client);
      runs.add(run);
      return run;
    }

    synchronized void start() {
      if (started) {
        return;
      }
      started = true;
      RunningServer server;
      try {
        server = resources.server(target);
      } catch (Throwable t) {
        runs.forEach(run -> run.outcome.complete(t));
        return;
      }
      for (ClientRun run : runs) {
        pool.submit(() -> run.outcome.complete(run.execute(server)));
      }
    }
  }

  /** One client's script run against one server, shared by the tests of that pair. */
  private final class ClientRun {
    private final TargetBatch batch;
    private final ServerTarget target;
    private final InteropClient client;
    /** Completes with a Result, or with the Throwable that prevented one. */
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();

    record Result(RunningServer server, ProcessResult process, ClientOutput output) {}

    ClientRun(TargetBatch batch, InteropClient client) {
      this.batch = batch;
      this.target = batch.target;
      this.client = client;
    }

    private Object execute(RunningServer server) {
      try {
        List<String> command = client.command(server, resources);
        ProcessResult process = ProcessResult.run(command, resources.workDir(),
            client.environment(), CLIENT_LIMIT);
        return new Result(server, process, ClientOutput.parse(process.stdout()));
      } catch (Throwable t) {
        return t;
      }
    }

    Result result() throws Exception {
      batch.start();
      Object value;
      try {
        // Each run is bounded by CLIENT_LIMIT; the margin covers waiting for a pool thread.
        value = outcome.get(CLIENT_LIMIT.toSeconds() * 4, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionFailedError(title("run") + ": no result in time (suite bug?)");
      }
      if (value instanceof Exception e) {
        throw e;
      }
      if (value instanceof Error e) {
        throw e;
      }
      return (Result) value;
    }

    String title(String what) {
      return "[" + target.name() + "] " + client.name() + " › " + what;
    }

    String evidence(Result r) {
      return "--- client run ---\n" + r.process().describe() + "\n"
          + (r.server().isAlive() ? "" : "!!! the server process is no longer running\n")
          + r.server().logTail() + "\n" + resources.proxyLogs(r.server());
    }
  }
}
