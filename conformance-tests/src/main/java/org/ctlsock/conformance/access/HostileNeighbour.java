package org.ctlsock.conformance.access;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ctlsock.conformance.KitError;

/**
 * A {@link HostileNeighbourMain} process running as another user, from {@link #start} until {@link
 * #close()} (which ends it and waits for it, so it never outlives the case). Its log of swaps (its standard
 * error) joins the evidence.
 */
public final class HostileNeighbour implements AutoCloseable {
    private final ForeignProcess process;

    private HostileNeighbour(ForeignProcess process) {
        this.process = process;
    }

    /** Starts the neighbour as {@code who} watching {@code dir} and {@code lair}; returns once it watches. */
    public static HostileNeighbour start(Identity who, Path dir, Path lair, Path canary1, Path canary2,
            Duration within) {
        HostileNeighbour n = new HostileNeighbour(ForeignProcess.start("the hostile neighbour", who,
                HostileNeighbourMain.class, List.of(dir.toString(), lair.toString(), canary1.toString(),
                        canary2.toString())));
        try {
            // A JVM's start: the same allowance as a target's.
            String line = n.process.readLine("its start", within.multipliedBy(3));
            if (!"READY".equals(line)) {
                throw new KitError(n.process.name() + " did not start: " + line);
            }
        } catch (KitError e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** The last lines of what it did, for the evidence. */
    public String logTail(int lines) {
        List<String> all = process.stderr().lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return (all.size() > lines ? "… (" + (all.size() - lines) + " lines before)\n" : "")
                + (tail.isEmpty() ? "(it swapped nothing)" : String.join("\n", tail));
    }

    @Override
    public void close() {
        process.close();
    }
}
