package org.ctlsock.conformance.filesystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one entry besides its socket that a server may leave in the socket's directory: its start lock
 * {@code <socket name>.lock} (spec 2.6.2, and 3.1.2, 3.5.1, 3.5.2, 2.3.4 as amended in 1.1). Every kit
 * check of "the directory is unchanged" or "nothing left behind" goes through here, so that they all
 * allow exactly that entry and only when it is what 2.6.2 says: a regular file (not a link), owned by
 * the server's uid, without group or other write permission.
 */
public final class ServerLockFile {
    private ServerLockFile() {
    }

    /** {@code ctl.sock} -> {@code ctl.sock.lock}. */
    public static String nameFor(Path socket) {
        return socket.getFileName() + ".lock";
    }

    /** The lock file's path beside {@code socket}. */
    public static Path pathFor(Path socket) {
        return socket.resolveSibling(nameFor(socket));
    }

    /** Why {@code s} is not an acceptable lock file of a server running as {@code serverUid}; null when it is. */
    public static String problem(PathSnapshot s, long serverUid) {
        List<String> out = new ArrayList<>();
        if (s.type() != FileType.REGULAR) {
            out.add("it is a " + s.type().words() + ", not a regular file");
        } else {
            if (s.uid() != serverUid) {
                out.add("it is owned by uid " + s.uid() + ", not the server's " + serverUid);
            }
            if ((s.perms() & 022) != 0) {
                out.add("it is writable by group or others (" + PathSnapshot.octal(s.perms()) + ")");
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /**
     * {@code tree} without the lock file of the socket {@code socket} (a path under the tree's root) when
     * that entry is an acceptable lock file of a server running as {@code serverUid}; unchanged otherwise,
     * so that a wrong lock file still shows as an entry the server left.
     */
    public static TreeSnapshot allowedIn(TreeSnapshot tree, Path socket, long serverUid) {
        Path root = tree.root().path();
        if (socket.getFileName() == null || !socket.isAbsolute() || !socket.startsWith(root)) {
            return tree;   // e.g. an empty or relative path a start was refused for: no lock file to allow
        }
        String key = root.relativize(pathFor(socket)).toString();
        PathSnapshot lock = tree.entries().get(key);
        if (lock == null || problem(lock, serverUid) != null) {
            return tree;
        }
        return tree.without(Set.of(key));
    }

    /** The entries of {@code tree} besides the ones named, the acceptable lock file of {@code socket} left out. */
    public static Map<String, PathSnapshot> leftBesides(TreeSnapshot tree, Path socket, long serverUid,
            Set<String> alsoAllowed) {
        return allowedIn(tree, socket, serverUid).without(alsoAllowed).entries();
    }
}
