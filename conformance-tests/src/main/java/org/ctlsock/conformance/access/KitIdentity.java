package org.ctlsock.conformance.access;

import com.sun.security.auth.module.UnixSystem;
import java.util.Arrays;
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
        return g == null ? new long[0] : Arrays.copyOf(g, g.length);
    }

    public static boolean isRoot() {
        return uid() == 0;
    }

    /** The kit as an {@link Identity} (for the rules of who may connect). */
    public static Identity asIdentity() {
        Integer[] groups = Arrays.stream(groups()).mapToObj(x -> (int) x).toArray(Integer[]::new);
        return Identity.of(isRoot() ? "root" : "the kit's user", (int) uid(), (int) gid(), groups);
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
