package org.ctlsock.conformance.report;

/** The outcome of a case, and of a clause (the worst outcome of its cases). */
public enum Outcome {
    /** The kit itself failed; says nothing about the target. */
    ERROR("ERROR", 0),
    FAIL("FAIL", 1),
    /** Failed, and the descriptor lists the clause as an expected failure. */
    KNOWN_FAIL("KNOWN-FAIL", 2),
    /** A SHOULD or SHOULD NOT not met. */
    WARN("WARN", 3),
    PASS("PASS", 4),
    /** Not applicable: capability not claimed, attach mode, a required program missing. */
    NOT_APPLICABLE("N/A", 5),
    /** No case of the run exercised the clause. */
    NOT_TESTED("not tested", 6);

    private final String label;
    private final int rank;

    Outcome(String label, int rank) {
        this.label = label;
        this.rank = rank;
    }

    public String label() {
        return label;
    }

    /** The worse of two outcomes: ERROR, FAIL, KNOWN-FAIL, WARN, PASS, N/A, not tested, in that order. */
    public Outcome worse(Outcome other) {
        return other.rank < rank ? other : this;
    }

    public boolean failsTheBuild() {
        return this == FAIL || this == ERROR;
    }

    public static Outcome fromLabel(String label) {
        for (Outcome o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("not an outcome: " + label);
    }
}
