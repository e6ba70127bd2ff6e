package org.ctlsock.conformance.spec;

import java.util.Arrays;

/** The BCP 14 level of a clause (spec 1.4). */
public enum Level {
    MUST, MUST_NOT, SHOULD, SHOULD_NOT, MAY;

    /** The words as the spec writes them, e.g. {@code MUST NOT}. */
    public String text() {
        return name().replace('_', ' ');
    }

    /** A recommendation is reported as WARN, not FAIL, when a server does not meet it (spec 1.4). */
    public boolean isRecommendation() {
        return this == SHOULD || this == SHOULD_NOT;
    }

    public static Level fromText(String text) {
        return Arrays.stream(values()).filter(l -> l.text().equals(text) || l.name().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a clause level: " + text));
    }
}
