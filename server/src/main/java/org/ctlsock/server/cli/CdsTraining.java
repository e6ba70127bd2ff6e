package org.ctlsock.server.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.StartupException;

/**
 * The training run for the class-data-sharing archive the build makes at package time
 * ({@code java -XX:ArchiveClassesAtExit=ctlsock-server.jsa -cp ctlsock-server.jar
 * org.ctlsock.server.cli.CdsTraining DIR}): it starts the program's server exactly as {@link Main}
 * builds it, sends it the requests a client usually sends (keep-alive and one connection per
 * request, GET, POST with arguments, HEAD, an unknown command, a failing one, whoami), with its request log on,
 * closes it and exits,
 * so that every class those paths load is in the archive and {@code bin/ctlsock-server} starts
 * without loading and verifying them from the jar. It serves nobody: the socket lives in DIR.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException, StartupException, UsageException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Path socket = dir.resolve("train.sock");
    Files.deleteIfExists(socket);
    // The request log on, as a start without --quiet has it (the kit's descriptor, most services): logging reads
    // each connection's peer credentials, the first of which loads junixsocket's classes. Trained with --quiet,
    // they were not in the archive, and a start that logs paid about 45 ms of CPU loading them from the jar.
    // The build sends the log lines to target/cds-training.log.
    CtlsockServer server = Main.build(CliOptions.parse(new String[] {socket.toString()}));
    server.start();
    try {
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
    } finally {
      server.close();
      Files.deleteIfExists(socket);
    }
    System.exit(0);
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
