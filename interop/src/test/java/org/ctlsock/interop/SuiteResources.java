package org.ctlsock.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * What the suite builds or starts once and shares: the running servers (one per target at a
 * time), the Go client binary, the compiled Java client scripts, nginx proxies, the Python check.
 * A failure to prepare one of them is remembered and reported to every test that needs it.
 */
final class SuiteResources implements AutoCloseable {
  private final Path workDir;
  private final Map<String, Object> built = new HashMap<>();
  private final Map<Path, NginxProxy> proxies = new HashMap<>();
  private ServerTarget currentTarget;
  private Object currentServer; // a RunningServer, or the Throwable that stopped it starting

  SuiteResources() throws IOException {
    this.workDir = Files.createTempDirectory("ctlsock-interop-suite-");
  }

  Path workDir() {
    return workDir;
  }

  /** The running server for {@code target}; the previous target's server is stopped first. */
  synchronized RunningServer server(ServerTarget target) throws Exception {
    if (currentTarget != target) {
      stopServer();
      currentTarget = target;
      try {
        for (String program : target.requires()) {
          Requirements.program(program, "needed by the server " + target.name());
        }
        if (target.descriptor() == null) {
          Requirements.require(Files.isRegularFile(Paths.serverJar()), "the reference server jar "
              + Paths.serverJar() + " is not built (build the server module first)");
        }
        currentServer = RunningServer.start(target);
      } catch (Throwable t) {
        currentServer = t;
      }
    }
    return (RunningServer) rethrowOr(currentServer);
  }

  private void stopServer() throws Exception {
    for (NginxProxy proxy : proxies.values()) {
      proxy.close();
    }
    proxies.clear();
    if (currentServer instanceof RunningServer running) {
      running.close();
    }
    currentServer = null;
  }

  /** nginx in front of {@code server}'s socket, started on first use. */
  synchronized NginxProxy nginxFor(RunningServer server) throws Exception {
    NginxProxy proxy = proxies.get(server.socket());
    if (proxy == null) {
      proxy = NginxProxy.start(server.socket(), workDir);
      proxies.put(server.socket(), proxy);
    }
    return proxy;
  }

  /** nginx's logs when a proxy runs in front of {@code server}, else "". */
  synchronized String proxyLogs(RunningServer server) {
    NginxProxy proxy = proxies.get(server.socket());
    return proxy == null ? "" : proxy.logs();
  }

  /** Debian's /usr/bin/python3 (else python3 on the PATH) once it can import {@code module}. */
  synchronized Path pythonWith(String module, String debianPackage) throws Exception {
    return (Path) once("python:" + module, () -> {
      Path python = Requirements.find("/usr/bin/python3")
          .or(() -> Requirements.find("python3"))
          .orElse(null);
      Requirements.require(python != null, "python3 is not installed (Debian: python3)");
      ProcessResult check = ProcessResult.run(List.of(python.toString(), "-c", "import " + module),
          workDir, Map.of(), Duration.ofSeconds(30));
      Requirements.require(check.exitCode() == 0, python + " cannot import " + module
          + " (Debian: " + debianPackage + "): " + check.stderr().strip());
      return python;
    });
  }

  /** The Go client, built once from {@code source} with the standard library only. */
  synchronized Path goClient(Path source) throws Exception {
    return (Path) once("go", () -> {
      Path go = Requirements.program("go", "builds the Go client (Debian: golang-go)",
          "/usr/lib/go/bin", "/usr/local/go/bin");
      Path binary = workDir.resolve("go_client");
      Map<String, String> env = new HashMap<>();
      env.put("GOPROXY", "off");     // standard library only: nothing to download
      env.put("GOFLAGS", "");
      env.put("GOTOOLCHAIN", "local");
      if (System.getenv("HOME") == null) {
        env.put("GOCACHE", workDir.resolve("go-cache").toString());
      }
      ProcessResult build = ProcessResult.run(List.of(go.toString(), "build", "-o",
          binary.toString(), source.toString()),
          workDir, env, Duration.ofMinutes(3));
      if (build.exitCode() != 0) {
        throw new AssertionError("building the Go client failed\n" + build.describe());
      }
      return binary;
    });
  }

  /**
   * The command that runs a Java client script (a single-file program under interop/clients/),
   * compiled once for all servers against the test class path.
   */
  synchronized List<String> javaScript(Path script, Path socket) throws Exception {
    String className = script.getFileName().toString().replaceFirst("\\.java$", "");
    Path classes = (Path) once("java", () -> {
      Path out = workDir.resolve("java-clients");
      Files.createDirectories(out);
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      if (compiler == null) {
        throw new AssertionError("this JVM has no Java compiler (a JRE, not a JDK)");
      }
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath(),
          "-encoding", "UTF-8", "-proc:none"));
      try (Stream<Path> files = Files.list(Paths.clients())) {
        files.filter(f -> f.toString().endsWith(".java")).sorted()
            .forEach(f -> args.add(f.toString()));
      }
      java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
      int status = compiler.run(null, errors, errors, args.toArray(String[]::new));
      if (status != 0) {
        throw new AssertionError("compiling the Java client scripts failed\n" + errors);
      }
      return out;
    });
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // A short-lived client: the C1 compiler and the serial collector start fastest.
    return List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classes + File.pathSeparator + classPath(), className, socket.toString());
  }

  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  @FunctionalInterface
  private interface Builder {
    Object build() throws Exception;
  }

  private Object once(String key, Builder builder) throws Exception {
    if (!built.containsKey(key)) {
      try {
        built.put(key, builder.build());
      } catch (Throwable t) {
        built.put(key, t);
      }
    }
    return rethrowOr(built.get(key));
  }

  private static Object rethrowOr(Object value) throws Exception {
    if (value instanceof Exception e) {
      throw e;
    }
    if (value instanceof Error e) {
      throw e;
    }
    return value;
  }

  @Override
  public synchronized void close() throws Exception {
    stopServer();
    try (Stream<Path> walk = Files.walk(workDir)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftover temporary files are harmless.
    }
  }
}
