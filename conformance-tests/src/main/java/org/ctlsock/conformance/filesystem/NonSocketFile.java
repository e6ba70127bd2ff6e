package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The things other than a socket that spec 2.2.4 lists, each planted at a path the way an operator's
 * mistake would leave it, with a distinctive mode and an old modification time so that a server that
 * rewrites, recreates or touches it shows in the {@link PathSnapshot}. Planting may create helper
 * files beside the path (a symbolic link's target, a live socket) in the same scratch directory.
 */
public enum NonSocketFile {
    REGULAR_FILE("a regular file"),
    EMPTY_REGULAR_FILE("an empty regular file"),
    DIRECTORY("a directory with a file in it"),
    EMPTY_DIRECTORY("an empty directory"),
    SYMLINK_TO_FILE("a symbolic link to a regular file"),
    SYMLINK_TO_LIVE_SOCKET("a symbolic link to a live socket"),
    SYMLINK_TO_STALE_SOCKET("a symbolic link to a stale socket"),
    DANGLING_SYMLINK("a dangling symbolic link"),
    FIFO("a FIFO"),
    CHAR_DEVICE("a character device (1,3 like /dev/null)");

    /** A time long past, so that any write or touch changes the modification time visibly. */
    public static final FileTime OLD_TIME = FileTime.from(Instant.parse("2001-02-03T04:05:06.789Z"));

    private final String words;

    NonSocketFile(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /**
     * Plants it at {@code path} in {@code scratch}; returns what must be closed afterwards (the live
     * socket a link points to), or a no-op.
     */
    public AutoCloseable plant(ScratchDirectory scratch, Path path) {
        try {
            switch (this) {
                case REGULAR_FILE -> writeOldFile(scratch, path, "the operator's data, not a socket\n", 0640);
                case EMPTY_REGULAR_FILE -> writeOldFile(scratch, path, "", 0600);
                case DIRECTORY -> {
                    Files.createDirectory(path);
                    writeOldFile(scratch, path.resolve("keep.txt"), "keep me\n", 0644);
                    scratch.chmod(path, 0750);
                    Files.setLastModifiedTime(path, OLD_TIME);
                }
                case EMPTY_DIRECTORY -> {
                    Files.createDirectory(path);
                    scratch.chmod(path, 0700);
                    Files.setLastModifiedTime(path, OLD_TIME);
                }
                case SYMLINK_TO_FILE -> Files.createSymbolicLink(path,
                        writeOldFile(scratch, path.resolveSibling("link-target.txt"), "the link's target\n", 0644));
                case SYMLINK_TO_LIVE_SOCKET -> {
                    KitListener live = KitListener.listen(path.resolveSibling("live-target.sock"));
                    Files.createSymbolicLink(path, live.path());
                    return live;
                }
                case SYMLINK_TO_STALE_SOCKET -> {
                    Path stale = path.resolveSibling("stale-target.sock");
                    StaleSocketFile.create(stale);
                    Files.createSymbolicLink(path, stale);
                }
                case DANGLING_SYMLINK -> Files.createSymbolicLink(path, path.resolveSibling("no-such-target"));
                case FIFO -> {
                    ScratchDirectory.run("mkfifo", "-m", "0640", path.toString());
                    touchOld(path);
                }
                case CHAR_DEVICE -> {
                    ScratchDirectory.run("mknod", "-m", "0640", path.toString(), "c", "1", "3");
                    touchOld(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plant " + words + " at " + path, e);
        }
        return () -> { };   // nothing held open
    }

    /** A regular file with {@code content} and {@code perms}, last modified at {@link #OLD_TIME}. */
    private static Path writeOldFile(ScratchDirectory scratch, Path file, String content, int perms)
            throws IOException {
        return Files.setLastModifiedTime(scratch.writeFile(file, content, perms), OLD_TIME);
    }

    /** touch(1), not the JDK: the JDK may open the file to set its times, which blocks on a FIFO. */
    private static void touchOld(Path path) {
        ScratchDirectory.run("touch", "-h", "-d", "2001-02-03 04:05:06.789 UTC", path.toString());
    }

    @Override
    public String toString() {
        return words;
    }
}
