package org.ctlsock.conformance;

import java.util.ArrayList;
import java.util.List;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.WireLog;

/**
 * What one test case exchanged with the target: the wire log of every connection it opened, the
 * output of every target instance it started, and notes. A failure message renders it.
 */
public final class Evidence {
    private static final int MAX_CHARS = 24_000;

    private final List<WireLog> logs = new ArrayList<>();
    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> processTails = new ArrayList<>();
    private boolean finished;

    /** A fresh wire log for a new connection, kept for this case. */
    public synchronized WireLog newLog(String what) {
        WireLog log = new WireLog("connection " + (logs.size() + 1) + (what.isEmpty() ? "" : ": " + what));
        logs.add(log);
        return log;
    }

    /** A line that explains a step, e.g. "killed the first server with SIGKILL". */
    public synchronized void note(String text) {
        notes.add(text);
    }

    /** A target instance the case started itself: its output joins the evidence and it is stopped at the end. */
    public synchronized void own(ServerProcess p) {
        processes.add(p);
    }

    /** Captures the output of the case's own instances, then stops them and removes their directories. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        for (ServerProcess p : processes) {
            p.stop();
            processTails.add("--- instance " + p.process().command() + " exit "
                    + p.process().exitCode().stream().mapToObj(Integer::toString).findFirst().orElse("?") + " ---\n"
                    + p.outputTails());
            p.close();
        }
    }

    /**
     * Adds another, finished record after this one's: a property's case shows the try with its smallest
     * failing input.
     */
    public void include(Evidence other) {
        List<String> otherNotes;
        List<WireLog> otherLogs;
        List<String> otherTails;
        synchronized (other) {
            otherNotes = List.copyOf(other.notes);
            otherLogs = List.copyOf(other.logs);
            otherTails = List.copyOf(other.processTails);
        }
        synchronized (this) {
            notes.addAll(otherNotes);
            logs.addAll(otherLogs);
            processTails.addAll(otherTails);
        }
    }

    /** Everything, as text for a failure message, cut to a sane size (the last connections matter most). */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder();
        notes.forEach(n -> sb.append("-- ").append(n).append('\n'));
        List<String> parts = logs.stream().map(WireLog::render).toList();
        int budget = MAX_CHARS;
        List<String> kept = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            String p = parts.get(i);
            if (p.length() > budget && !kept.isEmpty()) {
                kept.add(0, "… (" + (i + 1) + " earlier connection logs omitted)\n");
                break;
            }
            kept.add(0, p.length() > budget ? p.substring(0, budget) + "…\n" : p);
            budget -= Math.min(budget, p.length());
        }
        if (!kept.isEmpty()) {
            sb.append("--- wire log (>> sent by the kit, << received) ---\n");
            kept.forEach(sb::append);
        }
        processTails.forEach(sb::append);
        return sb.toString();
    }
}
