package org.ctlsock.conformance.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.process.Directories;

/**
 * Directories for the cross-user cases, which the harness's own per-instance directories (mode 0700,
 * root's) cannot serve: other users must be able to reach the socket, so the tree is
 *
 * <pre>
 * /tmp/ctlsock-access-XXXX/      root's, 0755: everyone may search it
 *   NAME/                        owner and group and mode as the case asks (e.g. 61001:61001 0750)
 *     ctl.sock                   where the target is told to listen
 * </pre>
 *
 * The kit changes a directory's mode between probes (the target never does, clause 2.3.4), and deletes
 * the whole tree at the end.
 */
public final class AccessLayout implements AutoCloseable {
    private final Path root;

    private AccessLayout(Path root) {
        this.root = root;
    }

    public static AccessLayout create() {
        try {
            Path root = Files.createTempDirectory(Path.of("/tmp"), "ctlsock-access-");
            setMode(root, 0755);
            return new AccessLayout(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the access cases", e);
        }
    }

    public Path root() {
        return root;
    }

    /** A fresh directory {@code NAME} under the root, with that owner, group and mode (set-gid bit allowed). */
    public Path directory(String name, int mode, int uid, int gid) {
        Path d = root.resolve(name);
        try {
            Files.createDirectory(d);
            Files.setAttribute(d, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(d, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            // After the chown, which may clear a set-gid bit.
            setMode(d, mode);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + d, e);
        }
    }

    /** chmod, with set-id and sticky bits (which PosixFilePermissions cannot express). */
    public static void setMode(Path p, int mode) {
        try {
            Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot chmod " + p, e);
        }
    }

    /** lstat of every directory on the way to {@code socket}, from "/" down to its parent. */
    public static List<PathSnapshot> directoriesOf(Path socket) throws IOException {
        List<PathSnapshot> out = new ArrayList<>();
        Path abs = socket.toAbsolutePath().normalize();
        for (Path d = abs.getParent(); d != null; d = d.getParent()) {
            out.add(0, PathSnapshot.require(d));
        }
        return out;
    }

    @Override
    public void close() {
        Directories.deleteTree(root);
    }
}
