package org.ctlsock.conformance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stable, human-typable identity of a case, e.g. {@code 4.1.1/answersHttp11WithHttp11} or
 * {@code 4.1.3/anyHost[Host: localhost]}: the clause id, then the test method, then for an
 * invocation of a parameterized test or a dynamic test its display name (never its position, which
 * changes when a case is added before it). Used by {@code --case}, {@code --list}, the reports and
 * CHANGELOG.md; it is derived from names only, so it survives a re-ordering of the sources.
 */
public final class CaseId {
    private static final Pattern SEGMENT = Pattern.compile("\\[([a-z-]+):([^\\]]*)\\]");
    private static final Pattern CLAUSE_PREFIX = Pattern.compile("^\\[\\d+\\.\\d+\\.\\d+\\]\\s*");

    private CaseId() {
    }

    /**
     * @param clause the clause the case checks, or null
     * @param uniqueId the JUnit Platform unique id of the case
     * @param displayName the case's display name (as JUnit reports it)
     */
    public static String of(String clause, String uniqueId, String displayName) {
        String method = null;
        boolean invocation = false;
        for (Matcher seg = SEGMENT.matcher(uniqueId); seg.find();) {
            switch (seg.group(1)) {
                case "method", "test-template", "test-factory" -> {
                    int paren = seg.group(2).indexOf('(');
                    method = paren < 0 ? seg.group(2) : seg.group(2).substring(0, paren);
                }
                case "test-template-invocation", "dynamic-test", "dynamic-container" -> invocation = true;
                default -> {
                }
            }
        }
        String local = method == null ? strip(displayName) : invocation ? method + "[" + strip(displayName) + "]"
                : method;
        return (clause == null ? "no-clause" : clause) + "/" + local;
    }

    private static String strip(String displayName) {
        return CLAUSE_PREFIX.matcher(displayName).replaceFirst("").strip();
    }
}
