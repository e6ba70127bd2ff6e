package org.ctlsock.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Plays a raw example ({@code ```http} block) on the socket: each run of {@code > } lines is
 * written as bytes, then the answer is read until it equals the following run of {@code < } lines
 * ({@code …} standing for any characters of one line). A final {@code [closed]} line means the
 * server closes the connection after its last answer. Lines are joined with nothing between them:
 * the escapes {@code \r} and {@code \n} are the only line ends, so the block shows every byte.
 */
final class RawExchange {
  private static final Duration WAIT = Duration.ofSeconds(10);
  static final String CLOSED = "[closed]";

  private RawExchange() {}

  /** Runs the exchange; returns null when it went as shown, else what differed. */
  static String play(List<String> rawLines, Path socket) throws IOException {
    List<Step> steps = steps(rawLines);
    StringBuilder transcript = new StringBuilder();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      for (Step step : steps) {
        if (step.direction == '>') {
          ByteBuffer out = ByteBuffer.wrap(step.text.getBytes(StandardCharsets.UTF_8));
          while (out.hasRemaining()) {
            channel.write(out);
          }
          transcript.append("sent: ").append(visible(step.text)).append('\n');
        } else if (step.direction == '<') {
          Pattern expected = pattern(step.text);
          String received = readUntil(channel, selector, expected);
          transcript.append("received: ").append(visible(received)).append('\n');
          if (!expected.matcher(received).matches()) {
            return "Expected: " + visible(step.text) + "\nActual:   " + visible(received)
                + "\n--- exchange so far ---\n" + transcript;
          }
        } else {
          String rest = readUntil(channel, selector, null);
          if (rest == null || !rest.isEmpty()) {
            return "Expected the server to close the connection; "
                + (rest == null ? "it stayed open for " + WAIT : "it sent more: " + visible(rest))
                + "\n--- exchange so far ---\n" + transcript;
          }
        }
      }
    }
    return null;
  }

  /**
   * Reads until the bytes received match {@code expected} or stop changing for the wait; with a
   * null pattern, until the end of the stream (returns what came before it, or null at the wait).
   */
  private static String readUntil(SocketChannel channel, Selector selector, Pattern expected)
      throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      selector.select(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
      selector.selectedKeys().clear();
      buffer.clear();
      int n = channel.read(buffer);
      if (n < 0) {
        return received.toString(StandardCharsets.UTF_8);
      }
      received.write(buffer.array(), 0, n);
      String text = received.toString(StandardCharsets.UTF_8);
      if (expected != null && expected.matcher(text).matches()) {
        return text;
      }
    }
    return expected == null ? null : received.toString(StandardCharsets.UTF_8);
  }

  private record Step(char direction, String text) {}

  /** Consecutive lines of one direction become one step. */
  private static List<Step> steps(List<String> rawLines) {
    List<Step> steps = new ArrayList<>();
    char direction = 0;
    StringBuilder text = new StringBuilder();
    for (String line : rawLines) {
      char d;
      String content;
      if (line.equals(CLOSED)) {
        d = 'x';
        content = "";
      } else if (line.startsWith("> ") || line.equals(">")) {
        d = '>';
        content = line.length() > 2 ? line.substring(2) : "";
      } else if (line.startsWith("< ") || line.equals("<")) {
        d = '<';
        content = line.length() > 2 ? line.substring(2) : "";
      } else {
        throw new IllegalArgumentException("a raw example line starts with '> ', '< ' or is "
            + CLOSED + ": " + line);
      }
      if (d != direction && direction != 0) {
        steps.add(new Step(direction, text.toString()));
        text.setLength(0);
      }
      direction = d;
      text.append(unescape(content));
    }
    if (direction != 0) {
      steps.add(new Step(direction, text.toString()));
    }
    return steps;
  }

  /** {@code \r}, {@code \n} and {@code \\} are the escapes; everything else is literal UTF-8. */
  static String unescape(String shown) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c == '\\' && i + 1 < shown.length()) {
        char next = shown.charAt(++i);
        out.append(switch (next) {
          case 'r' -> '\r';
          case 'n' -> '\n';
          case '\\' -> '\\';
          default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + shown);
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String visible(String bytes) {
    return bytes.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
  }

  /** The expected bytes as a pattern: {@code …} is any run of characters within one line. */
  private static Pattern pattern(String expected) {
    StringBuilder regex = new StringBuilder();
    String[] parts = expected.split(ExpectedOutput.WILDCARD, -1);
    for (int i = 0; i < parts.length; i++) {
      regex.append(i > 0 ? "[^\\r\\n]*" : "").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
