package org.ctlsock.conformance.race;

import java.time.Duration;
import java.util.List;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * A launch wrapper that runs the target under {@code strace} with a delay injected before the named
 * system calls, to hold a race window open for as long as the kit needs to act in it (the natural
 * window is microseconds). Only the named calls are traced (seccomp-bpf), so the rest of the target runs
 * at full speed; the trace itself goes to /dev/null. Where strace is missing the case is N/A.
 */
public final class StraceDelay {
    private StraceDelay() {
    }

    public static boolean available() {
        return KitSettings.onPath("strace");
    }

    /**
     * Sends SIGTERM to the target under a {@link #wrapper}, not to strace: strace, the launched process, would
     * only detach and leave the target running until the stop's grace period ran out. Its direct child is the
     * target's own command. {@link ServerProcess#stop()} afterwards finds strace gone with it.
     */
    public static void terminateTracee(ServerProcess p) {
        p.process().toHandle().children().forEach(ProcessHandle::destroy);
    }

    /** The wrapper words; {@code syscalls} e.g. {@code "unlink,unlinkat"}. N/A without strace. */
    public static List<String> wrapper(String syscalls, Duration delay) {
        if (!available()) {
            throw new NotApplicable("strace is not installed (Debian package strace): the kit widens this race "
                    + "window by injecting a delay before " + syscalls + ", and cannot do so without it");
        }
        return List.of("strace", "-f", "-qq", "-o", "/dev/null", "--seccomp-bpf", "-e", "trace=" + syscalls, "-e",
                "inject=" + syscalls + ":delay_enter=" + delay.toNanos() / 1000);
    }
}
