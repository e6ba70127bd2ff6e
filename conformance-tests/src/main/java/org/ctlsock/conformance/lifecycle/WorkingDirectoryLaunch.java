package org.ctlsock.conformance.lifecycle;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.implementation.LaunchOptions;

/**
 * Starts the target in a working directory of the case's choosing (spec 2.1.1: a relative socket path
 * is resolved against it), without changing the harness: a shell wrapper changes directory and then
 * execs the command, so the process the kit signals is still the target itself.
 */
public final class WorkingDirectoryLaunch {
    private WorkingDirectoryLaunch() {
    }

    /** {@code options} with the target started in {@code dir} and told the socket path {@code relativeSocket}. */
    public static LaunchOptions in(Path dir, String relativeSocket, LaunchOptions options) {
        return options.socketPath(Path.of(relativeSocket))
                .wrapper(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString()));
    }
}
