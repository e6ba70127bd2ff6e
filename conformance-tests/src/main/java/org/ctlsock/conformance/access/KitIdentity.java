package org.ctlsock.conformance.access;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * Who the kit itself runs as, and whether it may act as other users. Cross-user cases need root
 * (to run processes under other ids) and {@code setpriv} (util-linux, present on every Debian); without
 * them they are not applicable, with that reason, rather than passed.
 */
public final class KitIdentity {
    private static final UnixSystem SELF = new UnixSystem();

    private KitIdentity() {
    }

    public static long uid() {
        return SELF.getUid();
    }

    public static long gid() {
        return SELF.getGid();
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** The kit's supplementary groups. */
    public static long[] groups() {
        long[] g = SELF.getGroups();
        return g == null ? new long[0] : g.clone();
    }

    public static boolean isRoot() {
        return uid() == 0;
    }

    /**
     * The kit's effective group, which a launched target inherits (spec 2.3.3: "else the server's effective
     * group"), from {@code /proc/self/status} ("Gid: real effective saved fs"): {@link #gid()} is the real one.
     */
    public static int effectiveGid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Gid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the kit's effective gid from /proc/self/status", e);
        }
        throw new IllegalStateException("no Gid: line in /proc/self/status");
    }

    /** Whether the kit can run processes as other users: root, with {@code setpriv} on the PATH. */
    public static boolean mayActAsOthers() {
        return isRoot() && KitSettings.onPath("setpriv");
    }

    /** Throws {@link NotApplicable} unless the kit can run processes as other users. */
    public static void requireRootAndSetpriv(String why) {
        if (!isRoot()) {
            throw new NotApplicable("the kit runs as uid " + uid() + ", not root: " + why + " needs root, to run "
                    + "clients (and the target) under other uids with setpriv; run the kit as root (CI does)");
        }
        if (!KitSettings.onPath("setpriv")) {
            throw new NotApplicable("setpriv (util-linux) is not on the PATH: " + why + " needs it to run clients "
                    + "under other uids");
        }
    }
}
