package org.ctlsock.conformance.access;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;

/**
 * The hostile neighbour ({@link ForeignAgentMain}'s {@code WATCH}) running as another user, from {@link #start}
 * until {@link #close()} (which ends it and waits for it, so it never outlives the case). Its log of swaps (its
 * output, read as it comes by a thread of the kit) joins the evidence.
 */
public final class HostileNeighbour implements AutoCloseable {
    private final ForeignClient process;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private HostileNeighbour(ForeignClient process) {
        this.process = process;
    }

    /** Starts the neighbour as {@code who} watching {@code dir} and {@code lair}; returns once it watches. */
    public static HostileNeighbour start(Identity who, Path dir, Path lair, Path canary1, Path canary2,
            Duration within) {
        HostileNeighbour n = new HostileNeighbour(new ForeignClient("the hostile neighbour", who, within));
        // A JVM's start: the same allowance as a target's.
        Duration limit = within.multipliedBy(3);
        try {
            n.process.expectLine("READY", "its start", limit);
            n.process.writeLine("WATCH " + Stream.of(dir, lair, canary1, canary2).map(ForeignClient::encode)
                    .collect(Collectors.joining(" ")));
            n.process.expectLine("WATCHING", "its start", limit);
            Thread copier = new Thread(() -> n.process.forEachLine(n.log::add), "neighbour-log");
            copier.setDaemon(true);
            copier.start();
        } catch (KitError e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Whether it swaps new directories too (it starts with yes); returns once the change holds. Left alone, a
     * server's private directory survives until the server has placed its socket, which the neighbour then swaps.
     */
    public void swapDirectories(boolean yes, Duration within) {
        String ack = "swapping directories: " + (yes ? "yes" : "no");
        int seen = log.size();
        process.writeLine("DIRECTORIES " + (yes ? "yes" : "no"));
        long end = System.nanoTime() + within.toNanos();
        while (!confirmedSince(log, seen, ack)) {
            if (System.nanoTime() > end) {
                throw new KitError("the hostile neighbour did not confirm \"" + ack + "\" within " + within.toMillis()
                        + " ms; its log:\n" + logTail(12));
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /** Whether {@code ack} came after the first {@code seen} lines of a log another thread appends to. */
    static boolean confirmedSince(List<String> log, int seen, String ack) {
        // A snapshot first: a sublist of the live log throws ConcurrentModificationException once the copier
        // thread appends to it (as the neighbour's swaps do), which ended a CI run's 2.5.1 case.
        List<String> now = List.copyOf(log);
        return now.subList(seen, now.size()).contains(ack);
    }

    /** The last lines of what it did, for the evidence. */
    public String logTail(int lines) {
        List<String> all = List.copyOf(log);
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return (all.size() > lines ? "… (" + (all.size() - lines) + " lines before)\n" : "")
                + (tail.isEmpty() ? "(it swapped nothing)" : String.join("\n", tail));
    }

    @Override
    public void close() {
        process.close();
    }
}
