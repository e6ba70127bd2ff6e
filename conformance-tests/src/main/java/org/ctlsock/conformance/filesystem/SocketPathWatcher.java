package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Watches a socket path while a target starts (spec 2.3.2): a thread calls {@code lstat} on the path as
 * fast as it can, and also looks into every directory that appears beside it (the private directory a
 * server may bind in), recording each change of what is there (type, inode, mode, group). The case
 * compares the sightings with the socket's final state afterwards.
 */
public final class SocketPathWatcher implements AutoCloseable {

    /**
     * One state seen at one path.
     *
     * @param atMicros microseconds since the watch began
     * @param dirPerms the permission bits of the directory holding it (the socket's directory, or a
     *     directory that appeared during the watch, such as a server's private directory)
     * @param inNewDirectory whether it was found in a directory that appeared during the watch
     */
    public record Sighting(long atMicros, Path path, FileType type, long ino, int perms, int gid, int dirPerms,
            boolean inNewDirectory) {

        /** Whether a user other than the owner could reach it through its directory (search permission). */
        public boolean reachableByOthers() {
            return (dirPerms & 0011) != 0;
        }

        @Override
        public String toString() {
            String where = !inNewDirectory ? path.toString()
                    : path + " (in a new directory with mode " + PathSnapshot.octal(dirPerms) + ")";
            return "+" + atMicros + " µs " + where + ": " + (type == FileType.ABSENT ? "absent" : type.words()
                    + " mode " + PathSnapshot.octal(perms) + " gid " + gid + " inode " + ino);
        }
    }

    private final Path socket;
    private final Path parent;
    private final int parentPerms;
    private final Set<Path> initialEntries = new HashSet<>();
    private final List<Sighting> sightings = new ArrayList<>();
    private final Map<Path, List<Object>> last = new HashMap<>();
    private final Thread thread;
    private final long startNanos;
    private volatile boolean stop;
    private volatile long polls;
    private volatile RuntimeException failure;

    private SocketPathWatcher(Path socket) {
        this.socket = socket;
        this.parent = socket.toAbsolutePath().getParent();
        this.parentPerms = PathSnapshot.of(parent).perms();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
            ds.forEach(initialEntries::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + parent, e);
        }
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::loop, "watch " + socket);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching {@code socket} (call before the target starts). */
    public static SocketPathWatcher start(Path socket) {
        return new SocketPathWatcher(socket);
    }

    private void loop() {
        try {
            while (!stop) {
                polls++;
                record(socket, parentPerms, false);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
                    for (Path entry : ds) {
                        if (!initialEntries.contains(entry) && !entry.equals(socket)) {
                            lookInto(entry);
                        }
                    }
                } catch (IOException e) {
                    // the directory listing raced with a rename: the next round sees the new state
                }
                // Let the target run: on a machine with few cores a watch that never yields slows the
                // start it watches (the lstat calls between yields are still microseconds apart).
                Thread.yield();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void lookInto(Path entry) {
        PathSnapshot dir = PathSnapshot.of(entry);
        if (dir.type() != FileType.DIRECTORY) {
            if (dir.isSocket()) {
                record(entry, parentPerms, false);   // a socket beside the final path, e.g. a temporary name before rename(2)
            }
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(entry)) {
            ds.forEach(inside -> record(inside, dir.perms(), true));
        } catch (IOException e) {
            // gone again (the server removed its private directory): nothing to see
        }
    }

    private void record(Path p, int dirPerms, boolean inNewDirectory) {
        PathSnapshot s;
        try {
            s = PathSnapshot.of(p);
        } catch (RuntimeException e) {
            return;   // vanished between listing and lstat
        }
        if (!p.equals(socket) && !s.isSocket()) {
            return;
        }
        List<Object> key = List.of(s.type(), s.ino(), s.perms(), s.gid(), dirPerms);
        if (!Objects.equals(last.put(p, key), key)) {
            long at = (System.nanoTime() - startNanos) / 1000;
            synchronized (sightings) {
                sightings.add(new Sighting(at, p, s.type(), s.ino(), s.perms(), s.gid(), dirPerms, inNewDirectory));
            }
        }
    }

    /** Stops the watch and returns every change seen, in order. */
    public List<Sighting> stop() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (sightings) {
            return List.copyOf(sightings);
        }
    }

    /** How many rounds of lstat the watch made (for the evidence: how closely it looked). */
    public long polls() {
        return polls;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        stop = true;
    }
}
