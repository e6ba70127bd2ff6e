package org.ctlsock.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.ctlsock.server.PeerCredentials;
import org.ctlsock.server.socketfile.Modes;
import org.ctlsock.server.socketfile.Umask;
import org.ctlsock.server.testing.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server relies on in the JDK's Unix-domain channels, observed from outside: the socket
 * file's fate (no chmod at bind, no take-over, no unlink at close), and a connection that one
 * thread reads and writes while another shuts it down or closes it. Every wait has a deadline.
 */
class JdkTransportTest {
  private static final long DEADLINE_SECONDS = 10;

  @TempDir Path dir;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "transport-test");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void theTestsRunWithTheJdkTransport() {
    // surefire passes --add-exports as the jar's manifest does; without it every other case here
    // would test the fallback's absence only
    assertThat(JdkListener.available()).as("sun.nio.ch exported to the server (surefire argLine)").isTrue();
  }

  @Test
  void bindLeavesTheUmaskModeForTheCallerToSet() throws Exception {
    Path path = dir.resolve("s");
    try (JdkListener listener = JdkListener.bind(path, 8)) {
      Set<PosixFilePermission> expected = Modes.toPermissions(Umask.defaultSocketMode());
      assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
          .as("mode of a socket bound under umask %03o", Umask.current())
          .isEqualTo(expected);
    }
  }

  @Test
  void bindNeverTakesOverALiveSocket() throws Exception {
    Path path = dir.resolve("s");
    try (JdkListener first = JdkListener.bind(path, 8)) {
      Object inode = Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
      assertThatThrownBy(() -> JdkListener.bind(path, 8)).isInstanceOf(BindException.class);
      assertThat(Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino")).isEqualTo(inode);
      try (SocketChannel client = connect(path)) {
        assertThat(acceptWithin(first)).as("the first listener still accepts").isNotNull();
      }
    }
  }

  @Test
  void bindNeverReplacesAFile() throws Exception {
    Path path = dir.resolve("s");
    Files.writeString(path, "precious");
    assertThatThrownBy(() -> JdkListener.bind(path, 8)).isInstanceOf(BindException.class);
    assertThat(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readString(path)).isEqualTo("precious");
  }

  @Test
  void closeLeavesThePath() throws Exception {
    Path path = dir.resolve("s");
    JdkListener listener = JdkListener.bind(path, 8);
    Object inode = Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    listener.close();
    assertThat(listener.isClosed()).isTrue();
    assertThat(Files.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"))
        .as("the socket file after the listener closed")
        .isEqualTo(inode);
  }

  @Test
  void aWriteIsNotHeldUpByABlockedReadOfAnotherThread() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"))) {
      Connection server = acceptWithin(listener);
      InputStream in = server.inputStream();
      Future<Integer> blockedRead = blockedIn(() -> in.read(new byte[16], 0, 16));

      Future<?> write = threads.submit(() -> {
        OutputStream out = server.outputStream();
        out.write("answer".getBytes(StandardCharsets.US_ASCII));
        return null;
      });
      write.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
      assertThat(readExactly(client, 6)).isEqualTo("answer");
      assertThat(blockedRead.isDone()).as("the read is still waiting for input").isFalse();

      client.write(ByteBuffer.wrap(new byte[] {'x'}));
      assertThat(blockedRead.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
      server.close();
    }
  }

  @Test
  void shutdownInputFromAnotherThreadEndsABlockedRead() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"))) {
      Connection server = acceptWithin(listener);
      InputStream in = server.inputStream();
      Future<Integer> blockedRead = blockedIn(() -> in.read(new byte[16], 0, 16));
      server.shutdownInput();
      assertThat(blockedRead.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("end of input").isEqualTo(-1);
      // the output still works: the 408 is written after this
      server.outputStream().write('!');
      assertThat(readExactly(client, 1)).isEqualTo("!");
      server.close();
    }
  }

  @Test
  void closeFromAnotherThreadFailsABlockedRead() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"))) {
      Connection server = acceptWithin(listener);
      InputStream in = server.inputStream();
      Future<Integer> blockedRead = blockedIn(() -> in.read(new byte[16], 0, 16));
      server.close();
      assertThat(server.isClosed()).isTrue();
      assertThatThrownBy(() -> blockedRead.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
      ByteBuffer eof = ByteBuffer.allocate(1);
      assertThat(client.read(eof)).as("the client sees the close").isEqualTo(-1);
    }
  }

  @Test
  void closingTheListenerFailsABlockedAccept() throws Exception {
    JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
    Future<Connection> blockedAccept = blockedIn(listener::accept);
    listener.close();
    assertThatThrownBy(() -> blockedAccept.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> connect(dir.resolve("s"))).isInstanceOf(IOException.class);
  }

  @Test
  void aLargeAnswerArrivesWhole() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"))) {
      Connection server = acceptWithin(listener);
      assertALargeAnswerArrivesWhole(server, client);
      server.close();
    }
  }

  @Test
  void credentialsAreTheKernelsForThePeer() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"))) {
      Connection server = acceptWithin(listener);
      PeerCredentials credentials = server.readCredentials();
      // the client is this very process
      assertThat(credentials.uid()).isEqualTo(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
      assertThat(credentials.pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(credentials.gid()).isEqualTo(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue());
      server.close();
      assertThat(server.readCredentials()).as("after the close (the number may be another's)").isEqualTo(PeerCredentials.UNKNOWN);
    }
  }

  @Test
  void aConnectionWaitingInAPoller_isSelectedWhenItsClientWrites_andNotWhileTakenOut() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"));
        IdlePoller poller = IdlePoller.openIfSupported()) {
      assertThat(poller).as("a poller (the JDK's internals are exported to the tests)").isNotNull();
      Connection server = acceptWithin(listener);
      Object attachment = new Object();
      poller.park(server, attachment, false);
      Future<java.util.List<Object>> selected = threads.submit(() -> selectSome(poller));
      client.write(ByteBuffer.wrap("a".getBytes(StandardCharsets.US_ASCII)));
      assertThat(selected.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).containsExactly(attachment);
      assertThat(poller.takeOut(server)).isTrue();
      assertThat(server.inputStream().read(new byte[4], 0, 4)).isEqualTo(1);

      // Taken out, it is not selected though its client writes again; parked again, it is.
      client.write(ByteBuffer.wrap("b".getBytes(StandardCharsets.US_ASCII)));
      Future<java.util.List<Object>> again = threads.submit(() -> selectSome(poller));
      Object other = new Object();
      try (SocketChannel second = connect(dir.resolve("s"))) {
        Connection secondServer = acceptWithin(listener);
        poller.park(secondServer, other, false);
        second.write(ByteBuffer.wrap("c".getBytes(StandardCharsets.US_ASCII)));
        assertThat(again.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("only the connection waiting in the poller").containsExactly(other);
        secondServer.close();
      }
      poller.park(server, attachment, true);
      assertThat(threads.submit(() -> selectSome(poller)).get(DEADLINE_SECONDS, TimeUnit.SECONDS)).containsExactly(attachment);
      server.close();
    }
  }

  @Test
  void aConnectionThatWaitedInAPoller_stillBlocksInReadsAndWrites() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"));
        IdlePoller poller = IdlePoller.openIfSupported()) {
      Connection server = acceptWithin(listener);
      poller.park(server, server, false); // non-blocking from now on
      assertThat(poller.takeOut(server)).isTrue();
      InputStream in = server.inputStream();
      byte[] into = new byte[16];
      Future<Integer> read = blockedIn(() -> in.read(into, 0, 16));
      client.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)));
      assertThat(read.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("a read waits for bytes: never 0").isEqualTo(1);
      assertThat(into[0]).isEqualTo((byte) 'x');
      byte[] large = new byte[64 * 1024];
      Future<Integer> largeRead = blockedIn(() -> in.read(large, 0, large.length));
      client.write(ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
      assertThat(largeRead.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("a large read waits for bytes too").isEqualTo(1);

      assertALargeAnswerArrivesWhole(server, client);
      server.close();
    }
  }

  @Test
  void abortEndsAWaitingReadAndAWaitingWrite_ofAConnectionThatWaitedInAPoller() throws Exception {
    try (JdkListener listener = JdkListener.bind(dir.resolve("s"), 8);
        SocketChannel client = connect(dir.resolve("s"));
        SocketChannel client2 = connect(dir.resolve("s"));
        IdlePoller poller = IdlePoller.openIfSupported()) {
      Connection reading = acceptWithin(listener);
      Connection writing = acceptWithin(listener);
      for (Connection c : new Connection[] {reading, writing}) {
        poller.park(c, c, false);
        assertThat(poller.takeOut(c)).isTrue();
      }
      InputStream in = reading.inputStream();
      Future<Integer> read = blockedIn(() -> in.read(new byte[16], 0, 16));
      reading.abort();
      assertThat(read.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("end of input").isEqualTo(-1);

      byte[] more = new byte[8 * 1024 * 1024]; // more than the socket holds: the client never reads
      Future<?> write = blockedIn(() -> {
        writing.outputStream().write(more, 0, more.length);
        return null;
      });
      writing.abort();
      assertThatThrownBy(() -> write.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
      reading.close();
      writing.close();
    }
  }

  /** Writes 3 MiB and a bit that the client reads to its end: more than the socket holds at once. */
  private void assertALargeAnswerArrivesWhole(Connection server, SocketChannel client) throws Exception {
    byte[] answer = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < answer.length; i++) {
      answer[i] = (byte) (i * 31 + (i >>> 11));
    }
    Future<?> write = threads.submit(() -> {
      server.outputStream().write(answer, 0, answer.length);
      server.shutdownOutput();
      return null;
    });
    Future<byte[]> received = threads.submit(() -> readToEnd(client));
    write.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    assertThat(Arrays.equals(received.get(DEADLINE_SECONDS, TimeUnit.SECONDS), answer)).as("the bytes received are those written").isTrue();
  }

  /** Selects until some connection is ready (a select may also return for a wake-up alone). */
  private static java.util.List<Object> selectSome(IdlePoller poller) throws IOException {
    java.util.List<Object> ready = new java.util.ArrayList<>();
    while (ready.isEmpty()) {
      poller.select(ready);
    }
    return ready;
  }

  private static SocketChannel connect(Path path) throws IOException {
    SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      client.connect(UnixDomainSocketAddress.of(path));
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  private Connection acceptWithin(Listener listener) throws Exception {
    return threads.submit(listener::accept).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Runs a call that blocks on another thread and returns once that thread is inside the system
   * call (its innermost frame is a native method), so the action under test comes while it waits.
   */
  private <T> Future<T> blockedIn(Callable<T> call) {
    AtomicReference<Thread> runner = new AtomicReference<>();
    Future<T> task = threads.submit(() -> {
      runner.set(Thread.currentThread());
      return call.call();
    });
    boolean blocked = Deadline.await(Duration.ofSeconds(DEADLINE_SECONDS), () -> {
      Thread t = runner.get();
      if (t == null) {
        return false;
      }
      StackTraceElement[] stack = t.getStackTrace();
      return stack.length > 0 && stack[0].isNativeMethod() && !task.isDone();
    });
    assertThat(blocked).as("the call is blocked in the kernel: %s", runner.get() == null ? "not started" : Arrays.toString(runner.get().getStackTrace())).isTrue();
    return task;
  }

  private String readExactly(SocketChannel client, int n) throws Exception {
    return threads.submit(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(n);
      while (buffer.hasRemaining()) {
        if (client.read(buffer) < 0) {
          break;
        }
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static byte[] readToEnd(SocketChannel client) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    while (client.read(buffer) >= 0) {
      all.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return all.toByteArray();
  }
}
