package org.ctlsock.conformance.spec;

/** The BCP 14 level of a clause (spec 1.4). */
public enum Level {
    MUST("MUST"),
    MUST_NOT("MUST NOT"),
    SHOULD("SHOULD"),
    SHOULD_NOT("SHOULD NOT"),
    MAY("MAY");

    private final String text;

    Level(String text) {
        this.text = text;
    }

    /** The words as the spec writes them, e.g. {@code MUST NOT}. */
    public String text() {
        return text;
    }

    /** A recommendation is reported as WARN, not FAIL, when a server does not meet it (spec 1.4). */
    public boolean isRecommendation() {
        return this == SHOULD || this == SHOULD_NOT;
    }

    public static Level fromText(String text) {
        for (Level l : values()) {
            if (l.text.equals(text) || l.name().equals(text)) {
                return l;
            }
        }
        throw new IllegalArgumentException("not a clause level: " + text);
    }
}
