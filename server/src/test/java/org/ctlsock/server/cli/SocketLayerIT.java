package org.ctlsock.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which socket layer the program uses, seen from outside: started as the README starts it
 * ({@code java -jar}, whose manifest exports {@code sun.nio.ch}) it binds and accepts with the
 * JDK's channels, so junixsocket's native library is not even loaded while it serves with
 * {@code --quiet} (no credentials are needed); started from the class path without that export it
 * falls back to junixsocket, which must behave the same (mode, credentials, answers, shutdown).
 */
class SocketLayerIT {
  private static final String NATIVE_LIBRARY = "libjunixsocket";

  @TempDir Path dir;

  @Test
  void theJarUsesTheJdkChannels_junixsocketIsNotLoadedToServe() throws Exception {
    Path sock = dir.resolve("ctl.sock");
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", "--mode", "0640", sock.toString())) {
      assertThat(p.awaitReady(sock)).as("stderr: %s", p.stderr()).isTrue();
      exchangeEcho(sock, p);
      assertThat(mappedFiles(p.pid())).as("files mapped by the server after answering").noneMatch(line -> line.contains(NATIVE_LIBRARY));
      assertThat(FileFacts.of(sock).permissions()).isEqualTo(0640);
    }
  }

  @Test
  void withoutTheExportItFallsBackToJunixsocket_andBehavesTheSame() throws Exception {
    Path sock = dir.resolve("ctl.sock");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            ServerProcess.jar().toAbsolutePath().toString(),
            Main.class.getName(),
            "--quiet",
            "--mode",
            "0640",
            sock.toString());
    try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
      assertThat(p.awaitReady(sock)).as("stderr: %s", p.stderr()).isTrue();
      exchangeEcho(sock, p);
      assertThat(mappedFiles(p.pid())).as("junixsocket binds and accepts: its library is loaded").anyMatch(line -> line.contains(NATIVE_LIBRARY));
      assertThat(FileFacts.of(sock).permissions()).isEqualTo(0640);
      try (RawConnection c = RawConnection.open(sock)) {
        HttpResponse r = c.exchange("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"pid\":" + ProcessHandle.current().pid());
      }
      p.signal("TERM");
      assertThat(p.awaitExit()).isZero();
      assertThat(Files.exists(sock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the path is removed at a clean stop").isFalse();
    }
  }

  private static void exchangeEcho(Path sock, ServerProcess p) throws IOException {
    try (RawConnection c = RawConnection.open(sock)) {
      HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[\"a\",1]");
      assertThat(r.status()).as("stderr: %s", p.stderr()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("[\"a\",1]");
    }
  }

  private static List<String> mappedFiles(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"));
  }
}
