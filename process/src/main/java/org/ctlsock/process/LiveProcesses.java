package org.ctlsock.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every process started through {@link Launch} that has not been stopped yet, and every directory made by
 * {@link Directories#fresh} that is not deleted yet, so that a JVM ended by SIGTERM or SIGINT (a kit stopped by its
 * CI job, a test run cut short) still kills what it started and removes what it made. This is JVM-wide state on
 * purpose: a shutdown hook belongs to the JVM, and each entry removes itself when it is stopped or deleted.
 *
 * <p>Once the hook has begun, nothing new is taken on: a thread still running a case may start a process or make a
 * directory after the hook has looked, and the JVM halts when the hooks end without waiting for that thread. So a
 * start or a directory that comes too late is undone at once and refused, and never escapes the sweep.
 */
final class LiveProcesses {
    private static final Set<StartedProcess> LIVE = new HashSet<>();
    private static final Set<Path> DIRECTORIES = new HashSet<>();
    private static boolean shuttingDown;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::sweep, "ctlsock-process-reaper"));
        } catch (IllegalStateException alreadyShuttingDown) {
            // First used while the JVM goes down (a SIGTERM before the first start): nothing may start from now on.
            shuttingDown = true;
        }
    }

    private LiveProcesses() {
    }

    /** Registers a started process; if the JVM is already shutting down, kills it and throws. */
    static void add(StartedProcess p) throws IOException {
        synchronized (LiveProcesses.class) {
            if (!shuttingDown) {
                LIVE.add(p);
                return;
            }
        }
        p.killAndForget();
        throw new IOException("the JVM is shutting down: " + p + " was killed as soon as it started");
    }

    static synchronized void remove(StartedProcess p) {
        LIVE.remove(p);
    }

    static synchronized boolean contains(StartedProcess p) {
        return LIVE.contains(p);
    }

    /** Registers a directory just made; if the JVM is already shutting down, deletes it and throws. */
    static void own(Path dir) throws IOException {
        synchronized (LiveProcesses.class) {
            if (!shuttingDown) {
                DIRECTORIES.add(dir);
                return;
            }
        }
        Directories.deleteTree(dir);
        throw new IOException("the JVM is shutting down: no new directory " + dir);
    }

    static synchronized void disown(Path dir) {
        DIRECTORIES.remove(dir);
    }

    static synchronized boolean owns(Path dir) {
        return DIRECTORIES.contains(dir);
    }

    /**
     * SIGKILL at once (a shutdown hook has little time, and a target's own clean shutdown is not at stake here),
     * then the directories: a killed process no longer writes into them.
     */
    private static void sweep() {
        List<StartedProcess> processes;
        synchronized (LiveProcesses.class) {
            shuttingDown = true;
            processes = new ArrayList<>(LIVE);
        }
        processes.forEach(StartedProcess::killAndForget);
        List<Path> directories;
        synchronized (LiveProcesses.class) {
            directories = new ArrayList<>(DIRECTORIES);
        }
        directories.forEach(Directories::deleteTree);
    }
}
