package org.ctlsock.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ctlsock.process.Launch;
import org.ctlsock.process.StartedProcess;

/**
 * nginx in front of a server's socket, from {@code interop/nginx/ctlsock-proxy.conf}: the template
 * is filled in with a private prefix directory, the socket path and a free port on 127.0.0.1, and
 * nginx runs in the foreground as a child process. Only the loopback address is ever used.
 */
final class NginxProxy implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Path prefix;
  private final int port;
  private final StartedProcess process;

  private NginxProxy(Path prefix, int port, StartedProcess process) {
    this.prefix = prefix;
    this.port = port;
    this.process = process;
  }

  static Path template() {
    return Paths.interop().resolve("nginx/ctlsock-proxy.conf");
  }

  static NginxProxy start(Path socket, Path workDir) throws IOException {
    Path nginx = Requirements.program("nginx", "the nginx proxy (Debian: nginx)",
        "/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin");
    String lastFailure = "";
    // The free port is found by binding port 0 and closing it; another process could take it in
    // between, so a bind failure is retried with a new port.
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path prefix = Files.createTempDirectory(workDir, "nginx-");
      Files.createDirectories(prefix.resolve("tmp"));
      int port = freeLoopbackPort();
      String conf = Files.readString(template(), StandardCharsets.UTF_8)
          .replace("@PREFIX@", prefix.toString())
          .replace("@SOCKET@", socket.toString())
          .replace("@PORT@", Integer.toString(port))
          .replace("@USER@", System.getProperty("user.name"));
      Path confFile = prefix.resolve("nginx.conf");
      Files.writeString(confFile, conf, StandardCharsets.UTF_8);
      Path out = prefix.resolve("nginx.out");
      StartedProcess process = Launch.of(nginx.toString(), "-p", prefix + "/", "-c",
          confFile.toString(), "-e", prefix.resolve("error.log").toString())
          .output(out, out).start();
      NginxProxy proxy = new NginxProxy(prefix, port, process);
      if (proxy.awaitListening()) {
        return proxy;
      }
      lastFailure = proxy.logs();
      proxy.close();
      if (!lastFailure.contains("Address already in use")) {
        break;
      }
    }
    throw new IllegalStateException("nginx did not start listening on 127.0.0.1\n" + lastFailure);
  }

  private boolean awaitListening() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() - deadline < 0 && process.isAlive()) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(LOOPBACK, port), 1000);
        return true;
      } catch (IOException notYet) {
        process.awaitExit(Duration.ofMillis(20));
      }
    }
    return false;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** nginx's own output and error log, for failure messages. */
  String logs() {
    StringBuilder logs = new StringBuilder();
    for (String name : List.of("nginx.out", "error.log")) {
      try {
        logs.append("--- nginx ").append(name).append(" ---\n")
            .append(ProcessResult.tail(Files.readString(prefix.resolve(name),
                StandardCharsets.UTF_8))).append('\n');
      } catch (IOException e) {
        logs.append("--- nginx ").append(name).append(": none ---\n");
      }
    }
    return logs.toString();
  }

  /** SIGTERM (nginx's fast shutdown, workers included), SIGKILL to all of it after 10 s. */
  @Override
  public void close() {
    process.close();
  }
}
