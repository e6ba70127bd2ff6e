package org.ctlsock.conformance.access;

import java.util.List;
import org.ctlsock.conformance.filesystem.PathSnapshot;

/**
 * Who may {@code connect(2)} to a socket file on Linux (spec 10.1): write permission on the socket and
 * search permission on every directory of its path; root passes both checks. The permission class is
 * the owner's when the uid matches, else the group's when the user has the file's group (primary or
 * supplementary), else "other"; only that one class counts, so an owner whose own bits deny is denied
 * even when the bits for others would allow.
 *
 * <p>The kit computes the expected outcome with this rule from the modes it asked for and the
 * directories it made, and compares it with what a real client under that uid experiences.
 */
public final class LinuxConnectRule {
    private static final int SEARCH = 1;
    private static final int WRITE = 2;

    private LinuxConnectRule() {
    }

    /** The expected outcome, with the reason in words. */
    public record Verdict(boolean allowed, String reason) {
    }

    /**
     * @param who the connecting user
     * @param directories every directory of the socket's path, from the root down to the socket's own
     * @param socketMode the socket's permission bits (as asked for, e.g. 0660)
     * @param socketUid the socket's owner
     * @param socketGid the socket's group
     */
    public static Verdict decide(Identity who, List<PathSnapshot> directories, int socketMode, int socketUid,
            int socketGid) {
        if (who.isRoot()) {
            return new Verdict(true, "root passes the permission checks");
        }
        for (PathSnapshot d : directories) {
            if (!permits(who, d.perms(), d.uid(), d.gid(), SEARCH)) {
                return new Verdict(false, "no search permission on " + d.path() + " (" + PathSnapshot.octal(d.perms())
                        + " " + d.uid() + ":" + d.gid() + ") for the " + classOf(who, d.uid(), d.gid()));
            }
        }
        if (!permits(who, socketMode, socketUid, socketGid, WRITE)) {
            return new Verdict(false, "no write permission on the socket (" + PathSnapshot.octal(socketMode) + " "
                    + socketUid + ":" + socketGid + ") for the " + classOf(who, socketUid, socketGid));
        }
        return new Verdict(true, "search permission on every directory and write permission on the socket (for the "
                + classOf(who, socketUid, socketGid) + ")");
    }

    static boolean permits(Identity who, int mode, int uid, int gid, int want) {
        int classShift = who.uid() == uid ? 6 : who.inGroup(gid) ? 3 : 0;   // owner, group or others' bits
        return ((mode >> classShift) & want) == want;
    }

    private static String classOf(Identity who, int uid, int gid) {
        return who.uid() == uid ? "owner" : who.inGroup(gid) ? "group" : "others";
    }
}
