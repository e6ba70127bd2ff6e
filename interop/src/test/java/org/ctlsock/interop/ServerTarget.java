package org.ctlsock.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server implementation under test: its name, its command template (spec 8.2.1) and the
 * programs it needs. {@code dir} is what {@code {dir}} stands for: the descriptor's directory.
 */
record ServerTarget(String name, String commandTemplate, Path dir, List<String> requires,
    Path descriptor) {

  /** The command line for {@code socket}: {@code {socket}} and {@code {dir}} filled in, no options. */
  List<String> command(Path socket) {
    List<String> words = new ArrayList<>();
    for (String word : splitWords(commandTemplate)) {
      if (word.equals("{options}")) {
        continue; // The interop suite tests no optional capability.
      }
      words.add(word.replace("{socket}", socket.toString()).replace("{dir}", dir.toString()));
    }
    return words;
  }

  /** Words separated by spaces; a word may be double-quoted to contain spaces (spec 8.2.1). */
  static List<String> splitWords(String template) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (char c : template.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (c == ' ' && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced double quote in command template: " + template);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  @Override
  public String toString() {
    return name;
  }
}
