package org.ctlsock.conformance.race;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * How several instances started on one path at once ended up: waits (polling, with deadlines) until
 * every instance but at most one has exited and the path answers, or all have exited, or a deadline
 * passes (two instances that both think they serve keep running until then).
 */
public record StartOutcome(List<ServerProcess> starters, boolean timedOut, long tookMillis) {
    /**
     * Two phases: until the path answers (or every instance exited), within {@code deadline} (start-ups
     * are slow); then the instances that did not get the path have {@code decide} to exit: they started
     * together with the survivor, so they have had as long to find it there.
     */
    public static StartOutcome await(List<ServerProcess> starters, Duration deadline, Duration decide) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        boolean answered = false;
        while (System.nanoTime() < end) {
            List<ServerProcess> alive = alive(starters);
            if (alive.isEmpty() || (alive.size() == 1 && answered)) {
                return new StartOutcome(starters, false, (System.nanoTime() - start) / 1_000_000);
            }
            if (!answered && alive.get(0).answers()) {
                answered = true;
                // At least as long as the survivor needed to start: on a loaded machine the others may be as slow.
                long now = System.nanoTime();
                end = Math.min(end, now + Math.max(decide.toNanos(), now - start));
                continue;
            }
            try {
                alive.get(0).process().process().waitFor(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new StartOutcome(starters, true, (System.nanoTime() - start) / 1_000_000);
    }

    private static List<ServerProcess> alive(List<ServerProcess> ps) {
        return ps.stream().filter(p -> p.process().isAlive()).toList();
    }

    public List<ServerProcess> running() {
        return alive(starters);
    }

    public List<ServerProcess> exited() {
        return starters.stream().filter(p -> !p.process().isAlive()).toList();
    }

    /** One line per instance: pid and exit status or "running", for the evidence. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        starters.forEach(p -> sb.append("  pid ").append(p.process().pid()).append(": ").append(p.process().exitCode()
                .isPresent() ? "exited " + p.process().exitCode().getAsInt() : "running").append('\n'));
        sb.append("  (").append(timedOut ? "deadline reached after " : "settled after ").append(tookMillis)
                .append(" ms)");
        return sb.toString();
    }
}
