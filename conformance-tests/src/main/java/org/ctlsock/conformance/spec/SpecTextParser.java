package org.ctlsock.conformance.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the clause paragraphs out of one spec section file, with the same rules as
 * {@code spec/gen-index.py}: a paragraph that starts with {@code **[2.2.3] MUST** — } is a clause, and
 * the nearest {@code ## N.N Title} heading above it gives its section.
 */
public final class SpecTextParser {
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
    private static final Pattern HEADING = Pattern.compile("^## (\\d+\\.\\d+) (.*)");
    private static final Pattern CLAUSE = Pattern.compile(
            "^\\*\\*\\[(\\d+\\.\\d+\\.\\d+)\\] (MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\\*\\* — (.*)", Pattern.DOTALL);
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=\\.)\\s");

    private SpecTextParser() {
    }

    public static List<SpecClause> parse(String fileName, String markdown) {
        List<SpecClause> out = new ArrayList<>();
        String section = null;
        String title = null;
        for (String para : PARAGRAPH_BREAK.split(markdown)) {
            Matcher heading = HEADING.matcher(para);
            if (heading.find()) {
                section = heading.group(1);
                title = heading.group(2).strip();
            }
            Matcher m = CLAUSE.matcher(para);
            if (m.find()) {
                String text = String.join(" ", m.group(3).strip().split("\\s+"));
                out.add(new SpecClause(m.group(1), Level.fromText(m.group(2)), section, title, fileName,
                        summarize(text), text));
            }
        }
        return out;
    }

    /** The first sentence, cut to 160 characters at a word boundary (as gen-index.py does). */
    static String summarize(String text) {
        String summary = SENTENCE_END.split(text, 2)[0];
        if (summary.codePointCount(0, summary.length()) > 160) {
            String cut = summary.substring(0, summary.offsetByCodePoints(0, 157));
            int space = cut.lastIndexOf(' ');
            summary = (space > 0 ? cut.substring(0, space) : cut) + "…";
        }
        return summary;
    }
}
