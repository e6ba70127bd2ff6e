package org.ctlsock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of failing to reach a server gives its own exception, and touches nothing at the path. */
class ConnectFailureTest {
  @TempDir
  Path dir;

  @Test
  void nothingAtThePathIsServerNotRunning() {
    Path socket = dir.resolve("absent.sock");
    ServerNotRunningException e = catchThrowableOfType(ServerNotRunningException.class,
        () -> CtlsockClient.connect(socket));
    assertThat(e).as("connect to a missing path").isNotNull();
    assertThat(e.found()).isEqualTo(ServerNotRunningException.Found.NOTHING);
    assertThat(e.socketPath()).isEqualTo(socket);
    assertThat(e.getMessage()).contains(socket.toString()).contains("no socket");
    assertThat(socket).doesNotExist();
  }

  @Test
  void socketWithoutListenerIsStale() throws Exception {
    Path socket = dir.resolve("stale.sock");
    // The JDK's channel leaves its socket file behind on close, which is exactly a stale socket.
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(socket));
    }
    ServerNotRunningException e = catchThrowableOfType(ServerNotRunningException.class,
        () -> CtlsockClient.connect(socket));
    assertThat(e).as("connect to a stale socket").isNotNull();
    assertThat(e.found()).isEqualTo(ServerNotRunningException.Found.STALE_SOCKET);
    assertThat(e.getMessage()).contains("stale");
    assertThat(socket).exists();
  }

  @Test
  void regularFileIsNotASocketAndIsLeftAlone() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "keep me", StandardCharsets.UTF_8);
    NotASocketException e = catchThrowableOfType(NotASocketException.class,
        () -> CtlsockClient.connect(file));
    assertThat(e).as("connect to a regular file").isNotNull();
    assertThat(e.fileType()).isEqualTo("regular file");
    assertThat(e.getMessage()).contains(file.toString()).contains("not a socket");
    assertThat(file).hasContent("keep me");
  }

  @Test
  void directoryIsNotASocket() {
    NotASocketException e = catchThrowableOfType(NotASocketException.class,
        () -> CtlsockClient.connect(dir));
    assertThat(e).as("connect to a directory").isNotNull();
    assertThat(e.fileType()).isEqualTo("directory");
  }

  @Test
  void socketWithoutWritePermissionIsPermissionDenied() throws Exception {
    Path socket = dir.resolve("private.sock");
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      String outcome = isRoot() ? probeAsNobody(socket) : probeInProcess(socket);
      assertThat(outcome).as("connecting to a 0600 socket of another user")
          .startsWith("PermissionDeniedException: " + socket);
    }
  }

  private static String probeInProcess(Path socket) {
    try (CtlsockClient client = CtlsockClient.connect(socket)) {
      return "connected";
    } catch (CtlsockException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * Root passes every permission check, so the probe runs as uid 65534 in a child JVM. Its class
   * path is copied to a world-readable directory because the build's may sit under /root.
   */
  private String probeAsNobody(Path socket) throws IOException, InterruptedException {
    assumeTrue(new File("/usr/bin/setpriv").canExecute() || onPath("setpriv"),
        "running as root and setpriv (util-linux) is missing: cannot observe EACCES as another uid");
    Path copy = Files.createTempDirectory("ctlsock-probe-cp-");
    try {
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path source = Path.of(entry);
        if (!Files.exists(source)) {
          continue;
        }
        Path target = copy.resolve("e" + (n++) + (Files.isDirectory(source) ? "" : ".jar"));
        copyTree(source, target);
        entries.add(target.toString());
      }
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder("setpriv", "--reuid", "65534", "--regid", "65534",
          "--clear-groups", java.toString(),
          "-cp", String.join(File.pathSeparator, entries),
          ConnectProbe.class.getName(), socket.toString())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
      return output.strip();
    } finally {
      try (Stream<Path> walk = Files.walk(copy)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
          Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.copy(p, to);
          Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }

  private static boolean isRoot() throws IOException {
    return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
