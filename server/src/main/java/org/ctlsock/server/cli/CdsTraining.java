package org.ctlsock.server.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The training run for the class-data-sharing archive the build makes at package time: {@code java
 * -cp ctlsock-server.jar org.ctlsock.server.cli.CdsTraining DIR CLASSLIST JAR LAUNCHER} starts the
 * program through its launcher ({@code bin/ctlsock-server}, with the jar JAR and its request log on),
 * exactly as the archive will serve it, with the JVM listing every class it loads into CLASSLIST
 * ({@code -XX:DumpLoadedClassList}). It sends it the requests a client usually sends (keep-alive and
 * one connection per request, GET, POST with arguments, HEAD, an unknown command, a failing one,
 * whoami), then stops it with SIGTERM, as an operator does. The build then archives exactly the listed
 * classes, so that a start through the launcher loads, verifies and generates none of them. It serves
 * nobody: the socket lives in DIR.
 *
 * <p>Why through the launcher rather than the server started in this JVM (sessions 20 to 25): a
 * start runs code before and around the server that no in-process training reaches (the JVM's
 * handling of the launcher's options, the signal handlers, the main thread's wait), and that code
 * then ran unarchived at every start: lambdas generated at each start, with the method-handle forms
 * behind them, and classes read from the jar. {@code LauncherIT} checks that a start loads every
 * class from the archive.
 */
public final class CdsTraining {
  /** How long the whole training may take before it is abandoned: a hung build helps nobody. */
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private CdsTraining() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: CdsTraining DIR CLASSLIST JAR LAUNCHER");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path socket = dir.resolve("train.sock");
    Files.deleteIfExists(socket);
    ProcessBuilder start = new ProcessBuilder(args[3], socket.toString());
    // The JDK that builds (the archive fits only the JDK that dumps it), the jar just built, and
    // sharing off: an archive left by an earlier build must not take part. C1 only: C2 would make
    // the training slower and change nothing in the list. The program's own output (its request
    // log) goes where the build sends this one's: target/cds-training.log.
    start.environment().put("JAVA_HOME", System.getProperty("java.home"));
    start.environment().put("CTLSOCK_SERVER_JAR", args[2]);
    start.environment().remove("CTLSOCK_MAIN_CLASS");
    start.environment().put(
        "CTLSOCK_JAVA_OPTS", "-Xshare:off -XX:DumpLoadedClassList=" + args[1] + " -XX:TieredStopAtLevel=1");
    Process program = start.inheritIO().start();
    watchdog(program);
    try {
      awaitListening(socket, program);
      for (int round = 0; round < 50; round++) {
        try (SocketChannel keepAlive = connect(socket)) {
          exchange(keepAlive, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
          exchange(keepAlive, post("/echo", "[\"a\",1,2.5,{\"k\":[true,null]}]", ""));
          exchange(keepAlive, "HEAD /text?s=abc HTTP/1.1\r\nHost: x\r\n\r\n");
          exchange(keepAlive, "GET /no-such-command HTTP/1.1\r\nHost: x\r\n\r\n");
          exchange(keepAlive, post("/fail", "[\"trained\"]", ""));
          exchange(keepAlive, "GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (SocketChannel once = connect(socket)) {
          exchange(once, post("/echo", "[\"a\",1]", "Connection: close\r\n"));
        }
      }
      program.destroy(); // SIGTERM: the program's clean shutdown (spec 3.4.1), exit status 0
      if (!program.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || program.exitValue() != 0) {
        throw new IOException("the trained program did not exit 0 after SIGTERM"
            + (program.isAlive() ? " (still running)" : " (exit status " + program.exitValue() + ")"));
      }
    } finally {
      program.destroyForcibly();
      Files.deleteIfExists(socket);
    }
  }

  /** Polls, with the training's deadline, until the program answers a connection at {@code socket}. */
  private static void awaitListening(Path socket, Process program) throws IOException, InterruptedException {
    while (true) {
      if (!program.isAlive()) {
        throw new IOException("the trained program exited with status " + program.exitValue() + " before it listened");
      }
      try (SocketChannel probe = connect(socket)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(5); // the polling interval; the watchdog holds the deadline
      }
    }
  }

  /**
   * Ends this training, and the program, when it outlives {@link #DEADLINE}: the reads below block,
   * and a program that stopped answering must fail the build, not hang it.
   */
  private static void watchdog(Process program) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(DEADLINE.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              program.destroyForcibly();
              System.err.println("CdsTraining: the training took more than " + DEADLINE + "; abandoned");
              Runtime.getRuntime().halt(1);
            },
            "cds-training-deadline");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static SocketChannel connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return channel;
  }

  private static String post(String target, String body, String extraHeaders) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extraHeaders
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** Sends one request and reads its whole answer (head, then Content-Length bytes, none for HEAD). */
  private static void exchange(SocketChannel channel, String request) throws IOException {
    channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
    boolean head = request.startsWith("HEAD ");
    StringBuilder received = new StringBuilder();
    ByteBuffer buffer = ByteBuffer.allocate(65536);
    int headEnd = -1;
    long bodyLength = 0;
    while (true) {
      if (headEnd < 0) {
        headEnd = received.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          bodyLength = head ? 0 : contentLength(received.substring(0, headEnd));
        }
      }
      if (headEnd >= 0 && received.length() - headEnd - 4 >= bodyLength) {
        return;
      }
      buffer.clear();
      if (channel.read(buffer) < 0) {
        return;
      }
      received.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
    }
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }
}
