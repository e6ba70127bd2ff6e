package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.ctlsock.process.Directories;

/**
 * A fresh directory under {@code /tmp} that a case prepares itself (a chosen mode, group or
 * set-group-ID bit, planted files, a long chain of subdirectories) before it starts a target on a path
 * in it, which the harness's per-launch directory cannot offer because the target starts at once.
 * Removed with everything in it at {@link #close()}, symbolic links not followed.
 */
public final class ScratchDirectory implements AutoCloseable {
    private final Path dir;

    private ScratchDirectory(Path dir) {
        this.dir = dir;
    }

    /** A new directory with the given permission bits (e.g. {@code 0755}), owned by the kit's user. */
    public static ScratchDirectory create(int perms) {
        try {
            ScratchDirectory s = new ScratchDirectory(Directories.fresh("ctlsock-lc-"));
            s.chmod(s.dir, perms);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory in /tmp", e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Sets all permission bits, set-group-ID included (which {@code Files.setPosixFilePermissions} cannot). */
    public void chmod(Path p, int perms) {
        run("chmod", String.format("%04o", perms), p.toString());
    }

    /** Changes the group of {@code p} (root may give any gid, existing or not). */
    public void chgrp(Path p, int gid) {
        try {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the group of " + p + " to " + gid, e);
        }
    }

    /**
     * A fresh directory {@code name} in this one, with that owner, group and mode (set-gid bit allowed): for
     * the cross-user cases, whose users must reach the socket (this directory is made 0755 for them).
     */
    public Path directory(String name, int mode, int uid, int gid) {
        Path d = dir.resolve(name);
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

    /**
     * chmod(2), with set-id and sticky bits (which PosixFilePermissions cannot express). Unlike {@link #chmod}
     * (chmod(1), which keeps a directory's set-group-ID bit unless told otherwise) it sets exactly {@code mode}.
     */
    public static void setMode(Path p, int mode) {
        try {
            Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot chmod " + p, e);
        }
    }

    /** Writes a regular file with the given content and permission bits. */
    public Path writeFile(Path p, String content, int perms) {
        try {
            Files.writeString(p, content, StandardCharsets.UTF_8);
            Files.setAttribute(p, "unix:mode", perms);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /**
     * A path in this directory exactly {@code bytes} bytes long (ASCII), through as many subdirectories
     * of up to 60 bytes as needed, which are created (clauses 2.1.2, 2.1.3). The file itself is not.
     */
    public Path pathOfLength(int bytes) {
        int remaining = bytes - dir.toString().length();
        if (remaining < 10) {
            throw new IllegalArgumentException("a path of " + bytes + " bytes cannot start with " + dir);
        }
        Path p = dir;
        int n = 0;
        while (remaining > 1 + 100) {
            String name = ("d" + n++ + "_").repeat(20).substring(0, 60);
            p = p.resolve(name);
            remaining -= 61;
        }
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p, e);
        }
        int leafLength = remaining - 1;
        String leaf = leafLength >= 8 ? "ctl" + "x".repeat(leafLength - 8) + ".sock" : "s".repeat(leafLength);
        Path out = p.resolve(leaf);
        if (out.toString().getBytes(StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("built " + out + " of the wrong length");
        }
        return out;
    }

    /** Runs a small system program (chmod, mkfifo, mknod) and fails loudly if it fails. */
    static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + code + "): " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        Directories.deleteTree(dir);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
