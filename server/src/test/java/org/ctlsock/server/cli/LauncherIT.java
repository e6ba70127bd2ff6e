package org.ctlsock.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ctlsock-server}, the program as the README starts it: it finds the jar beside itself however it is
 * named (a relative path, a symbolic link to its directory, {@code sh ctlsock-server} from its directory), and the
 * JVM it starts maps the class-data-sharing archive and junixsocket's unpacked library (seen in
 * {@code /proc/PID/maps}), which a wrong path would silently lose: the start would only be slower.
 */
class LauncherIT {
  private static final Path BIN = Path.of("..", "bin").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void throughASymbolicLinkToItsDirectory_fromAnotherDirectory_withARelativeSocketPath() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("binlink"), BIN);
    servesAndMapsItsFiles(dir, List.of(link.getFileName() + "/ctlsock-server", "ctl.sock"), dir.resolve("ctl.sock"));
  }

  @Test
  void asAnArgumentOfSh_fromItsOwnDirectory() throws Exception {
    Path sock = dir.resolve("ctl.sock");
    servesAndMapsItsFiles(BIN, List.of("sh", "ctlsock-server", sock.toString()), sock);
  }

  /**
   * A start through the launcher takes every class it loads up to its first answer from the archive: none from the
   * jar, no lambda class generated at run time, and the jar is never indexed by Java code (the launcher runs the main
   * class on the class path, not {@code -jar}, and names the JDK's selector provider). Each of these cost a slow host
   * 10-20 ms of a start. Allowed: the JDK's event classes, which an archive cannot hold, and the method-handle forms
   * the JDK makes on the fly for its own lambdas.
   */
  @Test
  void aStartLoadsItsClassesFromTheArchive_andNeverIndexesTheJar() throws Exception {
    Path sock = dir.resolve("ctl.sock");
    Path classes = dir.resolve("classes.log");
    Map<String, String> env = Map.of("CTLSOCK_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
    try (ServerProcess p = ServerProcess.start(BIN, List.of("./ctlsock-server", "--quiet", sock.toString()), env, dir)) {
      assertThat(p.awaitReady(sock)).as("ready at %s; stderr: %s", sock, p.stderr()).isTrue();
      try (RawConnection c = RawConnection.open(sock)) {
        assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[]");
      }
      p.signal("TERM");
      assertThat(p.awaitExit()).as("exit status; stderr: %s", p.stderr()).isZero();
    }
    List<String> lines = Files.readAllLines(classes, StandardCharsets.UTF_8);
    assertThat(lines).as("the class-loading log").anyMatch(line -> line.contains(" org.ctlsock.server.cli.Main source: shared objects file"));
    List<String> notArchived =
        lines.stream()
            .filter(line -> line.contains(" source: ") && !line.endsWith(" source: shared objects file"))
            .filter(line -> !line.contains(" jdk.internal.event.") && !line.contains(" java.lang.invoke.LambdaForm$"))
            .toList();
    assertThat(notArchived).as("classes a start loaded from elsewhere than the archive").isEmpty();
    assertThat(lines).as("Java code indexed a jar (java.util.zip.ZipFile$Source)")
        .noneMatch(line -> line.contains(" java.util.zip.ZipFile$Source "));
  }

  private void servesAndMapsItsFiles(Path workDir, List<String> command, Path sock) throws Exception {
    Path archive = ServerProcess.jar().toAbsolutePath().resolveSibling("ctlsock-server.jsa");
    assertThat(archive).as("the archive mvn package makes beside the jar").exists();
    // Standard error goes to the temporary directory: a test must not leave files in bin/.
    try (ServerProcess p = ServerProcess.start(workDir, command, Map.of(), dir)) {
      assertThat(p.awaitReady(sock)).as("ready at %s; stderr: %s", sock, p.stderr()).isTrue();
      try (RawConnection c = RawConnection.open(sock)) {
        HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n[\"a\",1]");
        assertThat(r.text()).isEqualTo("[\"a\",1]");
      }
      // The log line is written after the answer, once the peer's credentials are read (which loads junixsocket's library).
      assertThat(Deadline.await(Duration.ofSeconds(10), () -> p.stderr().contains(" POST echo 200 ")))
          .as("the request's log line; stderr: %s", p.stderr()).isTrue();
      String maps = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps"), StandardCharsets.UTF_8);
      assertThat(maps).as("the JVM maps the class-data-sharing archive (pid %d; stderr: %s)", p.pid(), p.stderr())
          .contains("ctlsock-server.jsa");
      assertThat(maps).as("junixsocket's library is loaded from target/native, not copied to a temporary file")
          .containsPattern("target/native/lib/[^\\n]*/libjunixsocket-native-[^\\n]*\\.so");
      p.signal("TERM");
      assertThat(p.awaitExit()).as("exit status; stderr: %s", p.stderr()).isZero();
    }
  }
}
