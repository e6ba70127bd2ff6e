package org.ctlsock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux's autogroups: with autogroup scheduling on, the CPU is shared fairly between sessions, and
 * a process's own nice value only ranks it within its session. Each server under test runs in a
 * session of its own (the project's process starter calls setsid), so when the benchmark raises its
 * own group's priority ({@code BENCH_NICE}), the servers' new groups stay at nice 0 and lose to the
 * load generator whenever both want the same core: at nice -5 the generator's group weighs three
 * times a server's. Giving each server's group the generator's value puts both sides back on equal
 * terms, which is what {@code BENCH_NICE} promises ("the generator and the servers at a higher
 * priority").
 */
public final class SchedulingGroups {

    private static final Pattern LINE = Pattern.compile("(\\S+) nice (-?\\d+)\\s*");

    private SchedulingGroups() {
    }

    /** A process's autogroup: its name (unique while it exists) and nice value. */
    public record Group(String name, int nice) {
        /** Parses the one line of {@code /proc/PID/autogroup}, e.g. {@code /autogroup-42 nice -5}. */
        static Optional<Group> parse(String line) {
            Matcher m = LINE.matcher(line);
            return m.matches() ? Optional.of(new Group(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
        }
    }

    /** The autogroup of {@code pid}, or empty when autogroups are off or the process is gone. */
    public static Optional<Group> of(long pid) {
        try {
            return Group.parse(Files.readString(file(pid), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Gives the groups of {@code pids} that are not this process's group this process's group's nice
     * value, when it differs. Lowering a nice value needs root; a group that cannot be changed is
     * left as it is and reported.
     *
     * @return one line per group looked at, for the progress log; empty when this process has no
     *     autogroup (autogroups off, or not Linux)
     */
    public static List<String> matchOwn(List<Long> pids) {
        List<String> done = new ArrayList<>();
        Group ours = of(ProcessHandle.current().pid()).orElse(null);
        if (ours == null) {
            return done;
        }
        Set<String> seen = new HashSet<>(Set.of(ours.name()));
        for (long pid : pids) {
            Group group = of(pid).orElse(null);
            if (group == null || !seen.add(group.name())) {
                continue; // gone, our own group, or a group already looked at (nginx's workers share one)
            }
            if (group.nice() == ours.nice()) {
                done.add(group.name() + " already at nice " + ours.nice());
                continue;
            }
            try {
                Files.writeString(file(pid), Integer.toString(ours.nice()), StandardCharsets.US_ASCII);
                String after = of(pid).map(g -> Integer.toString(g.nice())).orElse("?");
                done.add(group.name() + " nice " + group.nice() + " -> " + after + " (the generator's group: "
                        + ours.nice() + ")");
            } catch (IOException e) {
                done.add(group.name() + " left at nice " + group.nice() + ": " + e.getMessage());
            }
        }
        return done;
    }

    private static Path file(long pid) {
        return Path.of("/proc", Long.toString(pid), "autogroup");
    }
}
