package org.ctlsock.conformance.lifecycle;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.KitDatagramSocket;
import org.ctlsock.conformance.filesystem.KitListener;
import org.ctlsock.conformance.filesystem.NonSocketFile;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.SunPathLimit;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;

/**
 * A reason a server cannot start (spec 3.1.2, 3.3), each prepared in a scratch directory, with the
 * clause that says it must refuse and the exit status that spec 3.3.2 recommends.
 */
public enum StartupObstacle {
    USAGE_UNKNOWN_OPTION("an unknown command-line option", 2, "3.3.3"),
    USAGE_BAD_MODE("--mode with a value that is not octal 0 to 0777", 2, "9.1.1"),
    PATH_TOO_LONG("a socket path over the sun_path limit", 3, "2.1.2"),
    PATH_EMPTY("an empty socket path", 3, "3.3.2"),
    DIRECTORY_MISSING("a socket path whose directory does not exist", 3, "3.3.2"),
    LIVE_SOCKET("a live server at the path", 4, "2.2.3"),
    LIVE_DATAGRAM_SOCKET("a live datagram socket at the path", 4, "2.2.5"),
    REGULAR_FILE("a regular file at the path", 5, "2.2.4"),
    DIRECTORY("a directory at the path", 5, "2.2.4"),
    PERMISSION_DENIED("a directory the server (uid 65534) may not write to", 6, "3.3.2"),
    GROUP_UNKNOWN("--group naming a group that does not exist", 7, "9.2.1");

    /** The option word no server knows, for {@link #USAGE_UNKNOWN_OPTION}. */
    public static final String UNKNOWN_OPTION = "--ctlsock-no-such-option";

    private final String words;
    private final int recommendedExit;
    private final String decidedBy;

    StartupObstacle(String words, int recommendedExit, String decidedBy) {
        this.words = words;
        this.recommendedExit = recommendedExit;
        this.decidedBy = decidedBy;
    }

    public String words() {
        return words;
    }

    /** The exit status spec 3.3.2 gives for it. */
    public int recommendedExit() {
        return recommendedExit;
    }

    /** The clause that says the server must not start here. */
    public String decidedBy() {
        return decidedBy;
    }

    /**
     * Whether something is at the path that the server must leave exactly as it was (2.2.3, 2.2.4), or a
     * path no server may create anything at (2.1.2): for these a change at the path settles the question.
     */
    public boolean holdsSomethingAtThePath() {
        return this == LIVE_SOCKET || this == LIVE_DATAGRAM_SOCKET || this == REGULAR_FILE || this == DIRECTORY || this == PATH_TOO_LONG;
    }

    /** A launch prepared in a scratch directory: where the target is pointed, how, and what to release afterwards. */
    public record Prepared(Path socket, LaunchOptions options, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** Throws N/A when this target or system cannot have this obstacle (a capability not claimed, no setpriv). */
    public void requireApplicable(TargetSession target) {
        if (this == USAGE_BAD_MODE) {
            target.requireCapability(Capability.MODE);
        }
        if (this == GROUP_UNKNOWN) {
            target.requireCapability(Capability.GROUP);
        }
        if (this == PERMISSION_DENIED && !KitIdentity.mayActAsOthers()) {
            throw new NotApplicable("starting the target as another user needs root and setpriv(1)");
        }
    }

    public Prepared prepare(ScratchDirectory scratch) {
        Path socket = scratch.resolve("ctl.sock");
        LaunchOptions opts = LaunchOptions.defaults();
        Runnable release = () -> { };
        switch (this) {
            case USAGE_UNKNOWN_OPTION -> opts = opts.options(List.of(UNKNOWN_OPTION));
            case USAGE_BAD_MODE -> opts = opts.options(List.of("--mode", "0999"));
            case PATH_TOO_LONG -> socket = scratch.pathOfLength(SunPathLimit.bytes() + 1);
            case PATH_EMPTY -> socket = Path.of("");
            case DIRECTORY_MISSING -> socket = scratch.resolve("no-such-directory/ctl.sock");
            case LIVE_SOCKET -> release = KitListener.listen(socket)::close;
            case LIVE_DATAGRAM_SOCKET -> release = KitDatagramSocket.bind(socket)::close;
            case REGULAR_FILE -> NonSocketFile.REGULAR_FILE.plant(scratch, socket);
            case DIRECTORY -> NonSocketFile.DIRECTORY.plant(scratch, socket);
            case PERMISSION_DENIED -> opts = opts.wrapper(List.of("setpriv", "--reuid", "65534", "--regid", "65534",
                    "--clear-groups"));
            case GROUP_UNKNOWN -> opts = opts.options(List.of("--group", "ctlsock-no-such-group"));
        }
        return new Prepared(socket, opts.socketPath(socket), release);
    }

    @Override
    public String toString() {
        return words;
    }
}
