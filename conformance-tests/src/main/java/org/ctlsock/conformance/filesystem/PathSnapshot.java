package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What {@code lstat(2)} says about one path at one moment (the link itself, never its target), plus a
 * hash of a regular file's content and a symbolic link's target: enough to tell whether a server left
 * the path "exactly as it was" (spec 2.2.4: same type, inode, content, mode, owner, modification time,
 * link target), and what the access rules judge (mode, owner, group of the socket and its directories).
 * Prints itself like {@code stat} for the evidence.
 *
 * @param perms the permission bits including set-user-ID, set-group-ID and sticky ({@code 07777})
 * @param contentSha256 hex SHA-256 of a regular file's bytes, else null
 * @param linkTarget a symbolic link's target as stored, else null
 * @param ctime the status change time: a chmod, chown or rename shows there even when nothing else changed
 * @param rdev the device number of a device file, else 0
 */
public record PathSnapshot(Path path, FileType type, long dev, long ino, int perms, int uid, int gid, long size,
        FileTime mtime, FileTime ctime, long nlink, long rdev, String contentSha256, String linkTarget) {

    /**
     * How many times a read is tried again after it failed. A server may replace the file between lstat and
     * the read (spec 3.1.2: a regular file where its socket goes): opening the socket it swapped in fails
     * (ENXIO), and so may a file removed or replaced by a link. Each try looks afresh at what is there now.
     */
    private static final int READ_TRIES = 5;

    /** Reads the path now. A missing path gives a snapshot of type {@link FileType#ABSENT}. */
    public static PathSnapshot of(Path path) {
        return of(path, () -> { });
    }

    /** As {@link #of(Path)}, with {@code afterLstat} run between lstat and read (where a unit test swaps the file). */
    static PathSnapshot of(Path path, Runnable afterLstat) {
        IOException readFailure = null;
        for (int tries = 0; tries < READ_TRIES; tries++) {
            Map<String, Object> a = lstat(path);
            if (a == null) {
                return absent(path);
            }
            afterLstat.run();
            int mode = (Integer) a.get("mode");
            FileType type = FileType.ofMode(mode);
            try {
                String hash = type == FileType.REGULAR ? sha256(path) : null;
                String target = type == FileType.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
                return new PathSnapshot(path, type, (Long) a.get("dev"), (Long) a.get("ino"), mode & 07777,
                        (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
                        (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"),
                        ((Number) a.get("nlink")).longValue(), (Long) a.get("rdev"), hash, target);
            } catch (IOException e) {
                readFailure = e;
            }
        }
        throw new UncheckedIOException("cannot read " + path, readFailure);
    }

    /** The path's attributes, or null when nothing is there. */
    private static Map<String, Object> lstat(Path path) {
        try {
            return Files.readAttributes(path, "unix:mode,ino,dev,uid,gid,size,lastModifiedTime,ctime,nlink,rdev",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
                return null;
            }
            throw new UncheckedIOException("cannot lstat " + path, e);
        }
    }

    private static PathSnapshot absent(Path path) {
        return new PathSnapshot(path, FileType.ABSENT, 0, 0, 0, -1, -1, 0, null, null, 0, 0, null, null);
    }

    /** A directory as the kit is about to make it (nothing is read): for a verdict planned before the start. */
    public static PathSnapshot plannedDir(Path path, int perms, int uid, int gid) {
        return new PathSnapshot(path, FileType.DIRECTORY, 0, 0, perms, uid, gid, 0, null, null, 0, 0, null, null);
    }

    /** Reads a path that must exist. */
    public static PathSnapshot require(Path path) throws IOException {
        return of(path).present().orElseThrow(() -> new IOException(path + " does not exist"));
    }

    /** lstat of every directory on the way to {@code path}, from "/" down to its parent. */
    public static List<PathSnapshot> directoriesOf(Path path) throws IOException {
        List<PathSnapshot> out = new ArrayList<>();
        for (Path d = path.toAbsolutePath().normalize().getParent(); d != null; d = d.getParent()) {
            out.add(0, require(d));
        }
        return out;
    }

    /** This snapshot, or empty when nothing was there. */
    public Optional<PathSnapshot> present() {
        return exists() ? Optional.of(this) : Optional.empty();
    }

    public boolean exists() {
        return type != FileType.ABSENT;
    }

    public boolean isSocket() {
        return type == FileType.SOCKET;
    }

    /** Same file: same device and inode (clause 3.4.2's test of identity). */
    public boolean sameFileAs(PathSnapshot other) {
        return exists() && other.exists() && dev == other.dev && ino == other.ino;
    }

    /**
     * Every attribute that differs from {@code before}, as text ({@code "inode 12 -> 34"}); empty when the
     * path is exactly as it was. The link count is left out: it changes when someone else links the
     * file, which is no change of the file.
     */
    public List<String> differencesFrom(PathSnapshot before) {
        List<String> out = new ArrayList<>();
        if (type != before.type) {
            out.add("type " + before.type.words() + " -> " + type.words());
            return out;
        }
        if (!exists()) {
            return out;
        }
        diff(out, "device", before.dev, dev);
        diff(out, "inode", before.ino, ino);
        diff(out, "mode", octal(before.perms), octal(perms));
        diff(out, "owner uid", before.uid, uid);
        diff(out, "group gid", before.gid, gid);
        diff(out, "size", before.size, size);
        diff(out, "mtime", before.mtime, mtime);
        diff(out, "rdev", before.rdev, rdev);
        diff(out, "content sha256", before.contentSha256, contentSha256);
        diff(out, "link target", before.linkTarget, linkTarget);
        return out;
    }

    private static void diff(List<String> out, String what, Object before, Object now) {
        if (!Objects.equals(before, now)) {
            out.add(what + " " + before + " -> " + now);
        }
    }

    public static String octal(int perms) {
        return String.format("0%o", perms);
    }

    /** {@code srwxr-x---} */
    public String lsMode() {
        if (!exists()) {
            return "----------";
        }
        StringBuilder sb = new StringBuilder().append(type.lsLetter());
        IntStream.range(0, 9).forEach(i -> sb.append((perms & (0400 >> i)) != 0 ? "rwxrwxrwx".charAt(i) : '-'));
        if ((perms & 04000) != 0) {
            sb.setCharAt(3, (perms & 0100) != 0 ? 's' : 'S');
        }
        if ((perms & 02000) != 0) {
            sb.setCharAt(6, (perms & 0010) != 0 ? 's' : 'S');
        }
        if ((perms & 01000) != 0) {
            sb.setCharAt(9, (perms & 0001) != 0 ? 't' : 'T');
        }
        return sb.toString();
    }

    /** One line in the manner of {@code stat}: type, mode, owner, size, inode, mtime, and link target or hash. */
    @Override
    public String toString() {
        if (!exists()) {
            return path + ": (does not exist)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(path).append(": ").append(type.words()).append(' ').append(lsMode()).append(" (")
                .append(octal(perms)).append(") uid ").append(uid).append(" gid ").append(gid).append(" size ")
                .append(size).append(" inode ").append(ino).append(" dev ").append(dev).append(" mtime ")
                .append(mtime);
        if (linkTarget != null) {
            sb.append(" -> ").append(linkTarget);
        }
        if (contentSha256 != null) {
            sb.append(" sha256 ").append(contentSha256, 0, 16).append('…');
        }
        if (rdev != 0) {
            sb.append(" rdev ").append(rdev);
        }
        return sb.toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
