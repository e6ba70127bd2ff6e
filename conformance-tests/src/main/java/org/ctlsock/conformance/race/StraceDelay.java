package org.ctlsock.conformance.race;

import java.time.Duration;
import java.util.List;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * A launch wrapper that runs the target under {@code strace} with a delay injected before the named
 * system calls, to hold a race window open for as long as the kit needs to act in it (the natural
 * window is microseconds). Only the named calls are traced (seccomp-bpf), so the rest of the target runs
 * at full speed; the trace itself goes to /dev/null. Where strace is missing the case is N/A.
 */
public final class StraceDelay {
    private StraceDelay() {
    }

    /**
     * The path-based calls that change a file's mode or owner. Held back, they keep a server that binds at the
     * final path and then fixes the socket by its name in that state long enough to be seen (2.3.2), or to follow
     * a link a neighbour swapped in (2.5.1). Calls on descriptors are not held: they cannot follow a link, and on a
     * socket's descriptor they do not change the path's mode. A {@code ?} lets strace skip a name the architecture
     * lacks.
     */
    public static final String PATH_MODE_AND_OWNER_CHANGES = "?chmod,fchmodat,?chown,?lchown,fchownat";

    public static boolean available() {
        return KitSettings.onPath("strace");
    }

    /**
     * The tracer's words, for {@link org.ctlsock.conformance.implementation.LaunchOptions#traced}; {@code syscalls}
     * e.g. {@code "unlink,unlinkat"}. N/A without strace.
     */
    public static List<String> wrapper(String syscalls, Duration delay) {
        if (!available()) {
            throw new NotApplicable("strace is not installed (Debian package strace): the kit widens this race "
                    + "window by injecting a delay before " + syscalls + ", and cannot do so without it");
        }
        return List.of("strace", "-f", "-qq", "-o", "/dev/null", "--seccomp-bpf", "-e", "trace=" + syscalls, "-e",
                "inject=" + syscalls + ":delay_enter=" + delay.toNanos() / 1000);
    }
}
