package org.ctlsock.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares a command's output with the lines an example shows. Only what the document marks as
 * varying is loose: {@code …} inside a line stands for any characters of that line, and a line
 * that is only {@code …} stands for any number of whole lines (a stack trace). Carriage returns
 * (curl -i prints header lines with CRLF) and trailing newlines are not shown in a console block,
 * so they are dropped before comparing.
 */
final class ExpectedOutput {
  static final String WILDCARD = "…";

  private ExpectedOutput() {}

  static String normalise(String actual) {
    return actual.replace("\r", "").replaceAll("\n+$", "");
  }

  static boolean matches(List<String> expected, String actual) {
    List<String> shown = new ArrayList<>(expected);
    while (!shown.isEmpty() && shown.get(shown.size() - 1).isEmpty()) {
      shown.remove(shown.size() - 1);
    }
    String normalised = normalise(actual);
    List<String> lines = normalised.isEmpty() ? List.of() : List.of(normalised.split("\n", -1));
    return matchFrom(shown, 0, lines, 0);
  }

  private static boolean matchFrom(List<String> expected, int e, List<String> actual, int a) {
    if (e == expected.size()) {
      return a == actual.size();
    }
    String line = expected.get(e);
    if (line.equals(WILDCARD)) {
      for (int skip = a; skip <= actual.size(); skip++) {
        if (matchFrom(expected, e + 1, actual, skip)) {
          return true;
        }
      }
      return false;
    }
    return a < actual.size() && lineMatches(line, actual.get(a))
        && matchFrom(expected, e + 1, actual, a + 1);
  }

  static boolean lineMatches(String expected, String actual) {
    return linePattern(expected).matcher(actual).matches();
  }

  /** The line as a pattern: literal text, with each {@code …} matching any run of characters. */
  static Pattern linePattern(String expected) {
    StringBuilder regex = new StringBuilder();
    String[] parts = expected.split(WILDCARD, -1);
    for (int i = 0; i < parts.length; i++) {
      regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
