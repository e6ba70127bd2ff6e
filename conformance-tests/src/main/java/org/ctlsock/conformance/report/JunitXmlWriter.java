package org.ctlsock.conformance.report;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@code TEST-ctlsock.xml} from the run's report model, in the format Maven Surefire writes (so CI
 * systems that read surefire reports read this one): one {@code testcase} per case, named by its stable
 * case id; FAIL is a {@code failure}, a kit ERROR an {@code error}, and WARN, KNOWN-FAIL and N/A are
 * {@code skipped} with their label first in the message (they do not fail the run); the evidence goes to
 * {@code system-out}.
 */
public final class JunitXmlWriter {
    /** What XML 1.0 cannot carry at all: most control characters, lone surrogates, U+FFFE and U+FFFF. */
    private static final Pattern NOT_XML =
            Pattern.compile("[^\\t\\n\\r\\x20-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]");
    private static final Pattern CLASS_SEGMENT = Pattern.compile("\\[class:([^\\]]+)\\]");
    /** The outcomes that do not fail the run but did not pass either: {@code skipped}, with their label. */
    private static final Set<Outcome> SKIPPED = EnumSet.of(Outcome.WARN, Outcome.KNOWN_FAIL, Outcome.NOT_APPLICABLE);

    private JunitXmlWriter() {
    }

    public static String render(RunReport r) {
        List<CaseRecord> cases = Stream.concat(r.clauses().stream().flatMap(c -> c.cases().stream()),
                r.unattributed().stream()).toList();
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" name="%s" time="%s" \
                tests="%s" errors="%s" skipped="%s" failures="%s">
                  <properties>
                """.formatted(attr("ctlsock-conformance." + r.settings().targetName()), seconds(r.durationMillis()),
                cases.size(), count(cases, Outcome.ERROR::equals), count(cases, SKIPPED::contains),
                count(cases, Outcome.FAIL::equals)));
        String[] properties = {"ctlsock.kit.version", r.kitVersion(), "ctlsock.spec.version", r.specVersion(),
            "ctlsock.target", r.settings().describedAs(), "ctlsock.verdict", r.verdict().toLowerCase(Locale.ROOT),
            "ctlsock.strict", Boolean.toString(r.settings().strict())};
        for (int i = 0; i < properties.length; i += 2) {
            x.append("    <property name=\"%s\" value=\"%s\"/>\n".formatted(attr(properties[i]),
                    attr(properties[i + 1])));
        }
        x.append("  </properties>\n");
        cases.forEach(t -> testCase(x, t));
        return x.append("</testsuite>\n").toString();
    }

    private static long count(List<CaseRecord> cases, Predicate<Outcome> which) {
        return cases.stream().filter(t -> which.test(t.outcome())).count();
    }

    private static void testCase(StringBuilder x, CaseRecord t) {
        Outcome o = t.outcome();
        String evidence = t.evidence();
        x.append("  <testcase name=\"%s\" classname=\"%s\" time=\"%s\">\n"
                .formatted(attr(t.caseId()), attr(className(t)), seconds(t.durationMillis())));
        String first = evidence.isEmpty() ? new AssertionError(evidence).toString() : Headline.of(evidence);
        x.append(switch (o) {
            case FAIL -> "    <failure message=\"%s\" type=\"%s\">%s</failure>\n".formatted(attr(first),
                    "org.ctlsock.conformance.outcome.ClauseViolation", text(evidence));
            case ERROR -> "    <error message=\"%s\" type=\"org.ctlsock.conformance.KitError\">%s</error>\n"
                    .formatted(attr(first), text(evidence));
            case WARN, KNOWN_FAIL, NOT_APPLICABLE -> "    <skipped message=\"%s\"/>\n".formatted(attr(o.label() + ": "
                    + first));
            default -> "";
        });
        if (!evidence.isEmpty()) {
            x.append("    <system-out>").append(text(evidence)).append("</system-out>\n");
        }
        x.append("  </testcase>\n");
    }

    private static String className(CaseRecord t) {
        Matcher m = CLASS_SEGMENT.matcher(t.uniqueId());
        return m.find() ? m.group(1) : "org.ctlsock.conformance";
    }

    /** Seconds with at most three decimals and no grouping, as surefire's time type wants. */
    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    /** Escapes markup and replaces what XML 1.0 cannot carry at all (most control characters) with its code in hex. */
    private static String text(String s) {
        String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return NOT_XML.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(
                String.format("\\u%04x", m.group().codePointAt(0))));
    }
}
