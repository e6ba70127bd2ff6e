package org.ctlsock.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the checked examples out of spec/11-examples.md. The markup (documented at the top of that
 * file): a {@code ```console} or {@code ```http} block right after a comment
 * {@code <!-- example: KIND [server options] [; requires WORD…] -->}. A checked-looking block
 * without the comment is an error, so that no example goes unchecked by accident.
 */
final class SpecExamples {
  private static final Pattern COMMENT =
      Pattern.compile("<!--\\s*example:\\s*([a-z-]+)([^;]*?)(?:;\\s*requires\\s+([^>]*?))?\\s*-->");
  private static final List<String> KINDS = List.of("server", "shell", "shell-with-server", "raw");

  private SpecExamples() {}

  static Path file() {
    return Paths.repo().resolve("spec/11-examples.md");
  }

  static List<SpecExample> parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<SpecExample> examples = new ArrayList<>();
    String title = "(no heading)";
    Matcher pending = null;
    int pendingLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        title = line.replaceFirst("^#+\\s*", "");
        pending = null;
      } else if (line.startsWith("<!--")) {
        Matcher m = COMMENT.matcher(line);
        if (m.matches()) {
          if (!KINDS.contains(m.group(1))) {
            throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown example kind "
                + m.group(1) + " (known: " + KINDS + ")");
          }
          pending = m;
          pendingLine = i + 1;
        }
      } else if (line.equals("```console") || line.equals("```http")) {
        if (pending == null) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": a " + line + " block without"
              + " an <!-- example: … --> comment before it; no test would check it");
        }
        int start = i + 1;
        List<String> body = new ArrayList<>();
        for (i = i + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
          body.add(lines.get(i));
        }
        String kind = pending.group(1);
        if (line.equals("```http") != kind.equals("raw")) {
          throw new IllegalArgumentException(file + ":" + pendingLine + ": kind " + kind
              + " needs a " + (kind.equals("raw") ? "```http" : "```console") + " block");
        }
        List<String> requires = pending.group(3) == null ? List.of()
            : List.of(pending.group(3).trim().split("\\s+"));
        examples.add(new SpecExample(title, start, kind, pending.group(2).trim(), requires,
            kind.equals("raw") ? List.of() : commands(body, file, start),
            kind.equals("raw") ? body : List.of()));
        pending = null;
      }
    }
    return examples;
  }

  /** {@code $ command} lines, each followed by the lines of its expected output. */
  private static List<SpecExample.Command> commands(List<String> body, Path file, int start) {
    List<SpecExample.Command> commands = new ArrayList<>();
    String command = null;
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < body.size(); k++) {
      String line = body.get(k);
      if (line.startsWith("$ ")) {
        if (command != null) {
          commands.add(new SpecExample.Command(command, List.copyOf(expected)));
        }
        command = line.substring(2);
        expected.clear();
      } else if (command == null) {
        throw new IllegalArgumentException(file + ":" + (start + k) + ": output before any $ command");
      } else {
        expected.add(line);
      }
    }
    if (command != null) {
      commands.add(new SpecExample.Command(command, List.copyOf(expected)));
    }
    return commands;
  }
}
