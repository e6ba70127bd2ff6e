package org.ctlsock.conformance.report;

import java.util.stream.IntStream;

/**
 * A case's evidence text (as the harness renders it into a failure message) cut into the parts a
 * reader wants separately: what was checked and what went wrong, the wire log, and the server's output.
 * The cut follows the harness's own markers ({@code --- wire log}, {@code --- instance},
 * {@code --- target stderr}); text without markers is all "message".
 */
record EvidenceParts(String message, String wireLog, String serverOutput) {

    static EvidenceParts split(String evidence) {
        String e = evidence == null ? "" : evidence;
        int wire = e.indexOf("--- wire log");
        int output = firstOf(e.indexOf("--- instance "), e.indexOf("--- target stderr"), -1);
        String message = e.substring(0, firstOf(wire, output, e.length())).strip();
        String wireLog = wire < 0 ? "" : e.substring(wire, output > wire ? output : e.length()).strip();
        String serverOutput = output < 0 ? "" : e.substring(output).strip();
        return new EvidenceParts(message, wireLog, serverOutput);
    }

    /** The first of two positions that were found ({@code indexOf} gives -1 for a marker that is not there). */
    private static int firstOf(int a, int b, int neither) {
        return IntStream.of(a, b).filter(i -> i >= 0).min().orElse(neither);
    }
}
