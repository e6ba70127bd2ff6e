package org.ctlsock.process;

import java.util.List;
import java.util.OptionalInt;

/** A process run to its end by {@link Launch#run}: its exit status (empty when it was killed at the time limit). */
public record Finished(List<String> command, OptionalInt exitCode, String stdout, String stderr) {
    public boolean timedOut() {
        return exitCode.isEmpty();
    }

    /** The exit status; -1 when it was killed at the time limit. */
    public int exitStatus() {
        return exitCode.orElse(-1);
    }
}
