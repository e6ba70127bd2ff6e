package org.ctlsock.conformance.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lstat(2)} says about a path, as far as the access rules and "left untouched" checks
 * need it: type, permission bits (with set-id and sticky bits), owner, group, inode and change time.
 */
public record FileFacts(Path path, boolean isSocket, boolean isDirectory, int mode, int uid, int gid, long inode,
        long device, FileTime ctime) {

    /** lstat of {@code p}; empty when nothing is there. */
    public static Optional<FileFacts> of(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,ctime", LinkOption.NOFOLLOW_LINKS);
        int raw = (Integer) a.get("mode");
        int type = raw & 0170000;
        return Optional.of(new FileFacts(p, type == 0140000, type == 0040000, raw & 07777, (Integer) a.get("uid"),
                (Integer) a.get("gid"), (Long) a.get("ino"), (Long) a.get("dev"), (FileTime) a.get("ctime")));
    }

    /** lstat of a path that must exist. */
    public static FileFacts require(Path p) throws IOException {
        return of(p).orElseThrow(() -> new IOException(p + " does not exist"));
    }

    /** The permission bits only (no set-id or sticky bits), e.g. 0660. */
    public int permissionBits() {
        return mode & 0777;
    }

    /** E.g. {@code socket 0660 61001:61001 inode 123}. */
    public String describe() {
        return (isSocket ? "socket" : isDirectory ? "directory" : "file") + " " + octal(mode) + " " + uid + ":" + gid
                + " inode " + inode;
    }

    public static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
