package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.KitListener;
import org.ctlsock.conformance.filesystem.NonSocketFile;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.StaleSocketFile;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * What someone else may do to a running server's socket path (spec 3.2.1, 3.4.2): remove it, or remove
 * it and put something else there. The server must leave whatever is there now alone, while it runs and
 * when it shuts down.
 */
public enum PathReplacement {
    REMOVED("the path removed", false),
    REGULAR_FILE("the path replaced by a regular file", false),
    STALE_SOCKET("the path replaced by a stale socket", false),
    OTHER_SERVER("the path replaced by another server's live socket", true),
    SUCCESSOR("the path (and its lock file) removed and a second instance of the target started on it", true);

    private final String words;
    private final boolean live;

    PathReplacement(String words, boolean live) {
        this.words = words;
        this.live = live;
    }

    public String words() {
        return words;
    }

    /** Whether a server answers at the path afterwards (and must go on answering). */
    public boolean isLive() {
        return live;
    }

    /** Removes the socket at {@code socket} and puts the replacement there; returns what to close afterwards. */
    public AutoCloseable apply(TargetSession target, ScratchDirectory scratch, Path socket) throws IOException {
        Files.delete(socket);
        return switch (this) {
            case REMOVED -> () -> { };
            case REGULAR_FILE -> NonSocketFile.REGULAR_FILE.plant(scratch, socket);
            case STALE_SOCKET -> {
                StaleSocketFile.create(socket);
                yield () -> { };
            }
            case OTHER_SERVER -> KitListener.listen(socket);
            case SUCCESSOR -> {
                // The operator clears the directory: the path and the first one's start lock file (2.6.2),
                // whose lock the first instance still holds and which would stop the successor (exit 4).
                if (Files.deleteIfExists(ServerLockFile.pathFor(socket))) {
                    target.evidence().note("removed " + ServerLockFile.nameFor(socket) + " too (the first "
                            + "instance's start lock), as an operator clearing the directory would");
                }
                ServerProcess successor = target.launchReady(LaunchOptions.defaults().socketPath(socket));
                target.evidence().note("the successor (pid " + successor.process().pid() + ") is ready on " + socket);
                yield successor::stop;
            }
        };
    }

    @Override
    public String toString() {
        return words;
    }
}
