package org.ctlsock.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's code snippets and where they come from. A source file marks a region with comment
 * lines containing {@code [snippet NAME]} and {@code [/snippet]}; the README shows it as a fenced
 * block right after {@code <!-- snippet: NAME -->}. The region is part of a script the suite runs,
 * so a README snippet that equals its region is a snippet that is tested.
 */
final class Snippets {
  private static final Pattern START = Pattern.compile("\\[snippet ([A-Za-z0-9._-]+)]");
  private static final Pattern END = Pattern.compile("\\[/snippet]");
  private static final Pattern README_MARKER =
      Pattern.compile("^<!-- snippet: ([A-Za-z0-9._-]+) -->$");

  private Snippets() {}

  /** A region in a source file: its name, file and text (common indentation removed). */
  record Region(String name, Path file, String text) {}

  /** A fenced block in the README, with the snippet name of the marker before it (or null). */
  record Block(String name, int line, String text) {}

  static Map<String, Region> regions(List<Path> files) throws IOException {
    Map<String, Region> regions = new LinkedHashMap<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String name = null;
      List<String> body = new ArrayList<>();
      for (String line : lines) {
        Matcher start = START.matcher(line);
        if (name == null && start.find()) {
          name = start.group(1);
          body.clear();
        } else if (name != null && END.matcher(line).find()) {
          if (regions.put(name, new Region(name, file, dedent(body))) != null) {
            throw new IllegalStateException("snippet " + name + " is defined twice");
          }
          name = null;
        } else if (name != null) {
          body.add(line);
        }
      }
      if (name != null) {
        throw new IllegalStateException(file + ": snippet " + name + " has no [/snippet] line");
      }
    }
    return regions;
  }

  /** Every fenced block of the README section that starts with {@code heading}. */
  static List<Block> blocks(Path readme, String heading) throws IOException {
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    boolean inSection = false;
    String pendingName = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## ")) {
        inSection = line.equals(heading);
        continue;
      }
      if (line.startsWith("# ")) {
        inSection = false;
      }
      Matcher marker = README_MARKER.matcher(line.strip());
      if (marker.matches()) {
        pendingName = marker.group(1);
        continue;
      }
      if (line.startsWith("```")) {
        int start = i;
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          body.add(lines.get(i));
        }
        if (inSection) {
          blocks.add(new Block(pendingName, start + 1, String.join("\n", body)));
        }
        pendingName = null;
        continue;
      }
      if (!line.isBlank()) {
        pendingName = null; // a marker applies only to the block right after it
      }
    }
    return blocks;
  }

  /** The client and proxy files snippets may come from. */
  static List<Path> sourceFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(Paths.clients(), Paths.interop().resolve("nginx"))) {
      try (Stream<Path> list = Files.list(dir)) {
        list.filter(Files::isRegularFile).sorted().forEach(files::add);
      }
    }
    return files;
  }

  static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(indent == Integer.MAX_VALUE ? 0 : indent));
    }
    return String.join("\n", out);
  }
}
