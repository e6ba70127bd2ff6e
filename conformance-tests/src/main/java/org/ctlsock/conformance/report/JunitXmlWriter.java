package org.ctlsock.conformance.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code TEST-ctlsock.xml} from the run's report model, in the format Maven Surefire writes (so CI
 * systems that read surefire reports read this one): one {@code testcase} per case, named by its stable
 * case id; FAIL is a {@code failure}, a kit ERROR an {@code error}, and WARN, KNOWN-FAIL and N/A are
 * {@code skipped} with their label first in the message (they do not fail the run); the evidence goes to
 * {@code system-out}.
 */
public final class JunitXmlWriter {
    private static final Pattern CLASS_SEGMENT = Pattern.compile("\\[class:([^\\]]+)\\]");
    /** The outcomes that do not fail the run but did not pass either: {@code skipped}, with their label. */
    private static final Set<Outcome> SKIPPED = EnumSet.of(Outcome.WARN, Outcome.KNOWN_FAIL, Outcome.NOT_APPLICABLE);

    private JunitXmlWriter() {
    }

    public static String render(RunReport r) {
        List<CaseRecord> cases = new ArrayList<>();
        for (ClauseResult c : r.clauses()) {
            cases.addAll(c.cases());
        }
        cases.addAll(r.unattributed());
        long failures = cases.stream().filter(t -> t.outcome() == Outcome.FAIL).count();
        long errors = cases.stream().filter(t -> t.outcome() == Outcome.ERROR).count();
        long skipped = cases.stream().filter(t -> SKIPPED.contains(t.outcome())).count();
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"3.0\" name=\"")
                .append(attr("ctlsock-conformance." + r.settings().targetName())).append("\" time=\"")
                .append(seconds(r.durationMillis())).append("\" tests=\"").append(cases.size())
                .append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped).append("\" failures=\"")
                .append(failures).append("\">\n  <properties>\n");
        property(x, "ctlsock.kit.version", r.kitVersion());
        property(x, "ctlsock.spec.version", r.specVersion());
        property(x, "ctlsock.target", r.settings().describedAs());
        property(x, "ctlsock.verdict", r.passed() ? "pass" : "fail");
        property(x, "ctlsock.strict", Boolean.toString(r.settings().strict()));
        x.append("  </properties>\n");
        for (CaseRecord t : cases) {
            testCase(x, t);
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    private static void testCase(StringBuilder x, CaseRecord t) {
        Outcome o = t.outcome();
        String evidence = t.evidence();
        x.append("  <testcase name=\"").append(attr(t.caseId()))
                .append("\" classname=\"").append(attr(className(t))).append("\" time=\"")
                .append(seconds(t.durationMillis())).append("\">\n");
        String first = evidence.isEmpty() ? new AssertionError(evidence).toString() : Headline.of(evidence);
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

    private static String className(CaseRecord t) {
        Matcher m = CLASS_SEGMENT.matcher(t.uniqueId());
        return m.find() ? m.group(1) : "org.ctlsock.conformance";
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
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
