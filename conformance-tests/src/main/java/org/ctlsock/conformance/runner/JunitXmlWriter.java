package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ctlsock.conformance.report.Outcome;

/**
 * Writes {@code TEST-ctlsock.xml} from {@code report.json}, in the format Maven Surefire writes (so CI
 * systems that read surefire reports read this one): one {@code testcase} per case, named by its stable
 * case id; FAIL is a {@code failure}, a kit ERROR an {@code error}, and WARN, KNOWN-FAIL and N/A are
 * {@code skipped} with their label first in the message (they do not fail the run); the evidence goes to
 * {@code system-out}.
 */
public final class JunitXmlWriter {
    private static final Pattern CLASS_SEGMENT = Pattern.compile("\\[class:([^\\]]+)\\]");

    private JunitXmlWriter() {
    }

    public static void write(JsonNode report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    public static String render(JsonNode r) {
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode c : r.path("clauses")) {
            c.path("tests").forEach(cases::add);
        }
        r.path("unattributed").forEach(cases::add);
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (JsonNode t : cases) {
            switch (outcome(t)) {
                case FAIL -> failures++;
                case ERROR -> errors++;
                case WARN, KNOWN_FAIL, NOT_APPLICABLE -> skipped++;
                default -> {
                }
            }
        }
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"3.0\" name=\"")
                .append(attr("ctlsock-conformance." + r.path("target").path("name").asText())).append("\" time=\"")
                .append(seconds(r.path("run").path("durationMillis").asLong())).append("\" tests=\"").append(cases.size())
                .append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped).append("\" failures=\"")
                .append(failures).append("\">\n  <properties>\n");
        property(x, "ctlsock.kit.version", r.path("kit").path("version").asText());
        property(x, "ctlsock.spec.version", r.path("spec").path("version").asText());
        property(x, "ctlsock.target", r.path("target").path("describedAs").asText());
        property(x, "ctlsock.verdict", r.path("verdict").asText());
        property(x, "ctlsock.strict", r.path("run").path("strict").asText());
        x.append("  </properties>\n");
        for (JsonNode t : cases) {
            testCase(x, t);
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    private static void testCase(StringBuilder x, JsonNode t) {
        Outcome o = outcome(t);
        String evidence = t.path("evidence").asText("");
        x.append("  <testcase name=\"").append(attr(t.path("case").asText(t.path("name").asText())))
                .append("\" classname=\"").append(attr(className(t))).append("\" time=\"")
                .append(seconds(t.path("durationMillis").asLong())).append("\">\n");
        String first = ProgressPrinter.firstLine(new AssertionError(evidence));
        switch (o) {
            case FAIL -> x.append("    <failure message=\"").append(attr(first))
                    .append("\" type=\"org.ctlsock.conformance.outcome.ClauseViolation\">").append(text(evidence))
                    .append("</failure>\n");
            case ERROR -> x.append("    <error message=\"").append(attr(first))
                    .append("\" type=\"org.ctlsock.conformance.KitError\">").append(text(evidence)).append("</error>\n");
            case WARN, KNOWN_FAIL, NOT_APPLICABLE -> x.append("    <skipped message=\"").append(attr(o.label() + ": "
                    + first)).append("\"/>\n");
            default -> {
            }
        }
        if (!evidence.isEmpty()) {
            x.append("    <system-out>").append(text(evidence)).append("</system-out>\n");
        }
        x.append("  </testcase>\n");
    }

    private static String className(JsonNode t) {
        Matcher m = CLASS_SEGMENT.matcher(t.path("id").asText());
        return m.find() ? m.group(1) : "org.ctlsock.conformance";
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    private static Outcome outcome(JsonNode t) {
        return Outcome.fromLabel(t.path("outcome").asText());
    }

    /** Seconds with at most three decimals and no grouping, as surefire's time type wants. */
    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    /** Escapes markup and replaces what XML 1.0 cannot carry at all (most control characters). */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    if (allowed) {
                        sb.appendCodePoint(c);
                    } else {
                        sb.append(String.format("\\u%04x", c));
                    }
                }
            }
        });
        return sb.toString();
    }
}
