package org.ctlsock.conformance.report;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What went wrong, in one line: the assertion after the quoted clause sentence of a failure message. */
public final class Headline {
    private Headline() {
    }

    /**
     * The cause a failure headline names, for grouping (issue 19: one wrong umask mode gave 48 FAIL lines): the
     * clause and the headline with its numbers, paths and quoted values blanked, so that "expected 0770 but was 0666"
     * and "expected 0600 but was 0666" under 2.3.1 are one cause.
     */
    public static String causeKey(String clause, String headline) {
        String h = headline == null ? "" : headline;
        h = h.replaceAll("/[^\\s\"'\\]]*", "PATH").replaceAll("\\[[^\\]]*\\]", "[…]").replaceAll("\\d+", "#");
        return clause + " " + h;
    }

    public static String of(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int taken = 0;
        for (String line : message.split("\n")) {
            String l = line.strip();
            boolean header = l.startsWith("KNOWN-FAIL") || l.matches("^\\[\\d+\\.\\d+\\.\\d+\\] [A-Z ]+ — .*");
            if (header || (l.isEmpty() && taken == 0)) {
                continue;
            }
            if (l.isEmpty() || taken == 3) {
                break;
            }
            sb.append(taken++ == 0 ? "" : " ").append(l);
        }
        return firstLine(sb.length() == 0 ? message : sb.toString(), 200);
    }

    /** The first line of {@code s} ("" for null), cut at {@code max} characters. */
    static String firstLine(String s, int max) {
        String first = s == null ? "" : s.strip().split("\n", 2)[0];
        return first.length() > max ? first.substring(0, max) + "…" : first;
    }

    /** A Markdown table cell: the first line of {@code s} ("" for null), cut at {@code max} characters. */
    static String cell(String s, int max) {
        return firstLine(s, max).replace("|", "\\|");
    }

    /** A Markdown table row: {@code | a | b |} and a newline. */
    static String row(Object... cells) {
        return Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n"));
    }
}
