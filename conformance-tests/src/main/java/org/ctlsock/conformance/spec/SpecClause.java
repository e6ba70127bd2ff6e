package org.ctlsock.conformance.spec;

/**
 * One normative clause of the spec: its id, level, where it is, and its full sentence.
 *
 * @param text the whole clause paragraph after the level, whitespace collapsed; it is what a failure
 *     message quotes
 */
public record SpecClause(String id, Level level, String section, String title, String file, String summary,
        String text) {

    /** {@code [4.2.1] MUST — An HTTP/1.1 connection is persistent: …} */
    public String quote() {
        return "[" + id + "] " + level.text() + " — " + text;
    }

    /** The top-level section number, e.g. {@code 4} for {@code 4.2.1}. */
    public String topSection() {
        return id.substring(0, id.indexOf('.'));
    }
}
