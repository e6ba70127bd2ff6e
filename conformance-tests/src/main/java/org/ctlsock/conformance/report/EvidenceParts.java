package org.ctlsock.conformance.report;

/**
 * A case's evidence text (as the harness renders it into a failure message) cut into the parts a
 * reader wants separately: what was checked and what went wrong, the wire log, and the server's output.
 * The cut follows the harness's own markers ({@code --- wire log}, {@code --- instance},
 * {@code --- target stderr}); text without markers is all "message".
 */
record EvidenceParts(String message, String wireLog, String serverOutput) {

    static EvidenceParts split(String evidence) {
        if (evidence == null) {
            return new EvidenceParts("", "", "");
        }
        int wire = evidence.indexOf("--- wire log");
        int output = firstOf(evidence, "--- instance ", "--- target stderr");
        int messageEnd = min(wire, output, evidence.length());
        String message = evidence.substring(0, messageEnd).strip();
        String wireLog = wire < 0 ? "" : evidence.substring(wire, output > wire ? output : evidence.length()).strip();
        String serverOutput = output < 0 ? "" : evidence.substring(output).strip();
        return new EvidenceParts(message, wireLog, serverOutput);
    }

    private static int firstOf(String s, String... markers) {
        int best = -1;
        for (String m : markers) {
            int i = s.indexOf(m);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private static int min(int a, int b, int fallback) {
        int m = fallback;
        if (a >= 0) {
            m = Math.min(m, a);
        }
        if (b >= 0) {
            m = Math.min(m, b);
        }
        return m;
    }
}
