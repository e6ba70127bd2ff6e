package org.ctlsock.conformance.selfcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one kit run leaves behind (issue 16 item 6: no process the kit started and no directory it made outlives
 * the run), told apart from what other runs on the same machine do at the same time: the self-check's own
 * parallel runs and other people's builds all use /tmp and start servers.
 *
 * <p>The run gets a mount namespace of its own ({@code unshare --mount}) in which a fresh directory of the
 * self-check is mounted over /tmp. So every directory the kit makes in /tmp lands in that directory, and every
 * process it starts, however it detaches (double fork, setsid, a new parent), stays in that namespace; after the
 * kit has exited, a live process in the namespace or a {@code ctlsock-*} entry in the directory is a leftover of
 * this run and of no other. The namespace costs nothing the kit could notice: /tmp is still /tmp, empty and
 * world-writable with the sticky bit, as a fresh machine's.
 *
 * <p>It needs root and util-linux's {@code unshare}; without them {@link #unavailable()} says why, and the
 * self-check falls back to its older, weaker check (processes running a fixture's own files).
 */
public final class RunConfinement {
    /** The entries the kit makes in /tmp (ServerProcess, ScratchDirectory, ForeignClient). */
    static final String KIT_PREFIX = "ctlsock-";
    /**
     * A target's own files are not the kit's: the Go fixture keeps its build in {@code $TMPDIR/ctlsock-go-*}, and
     * TMPDIR stays the machine's /tmp anyway (see {@link #wrap}); should one land here, it does not count.
     */
    static final String TARGETS_OWN_PREFIX = "ctlsock-go-";
    private static volatile Optional<String> unavailable;

    private final Path tmp;
    private final Path hostTmp;
    private final Path namespaceFile;

    private RunConfinement(Path tmp, Path hostTmp, Path namespaceFile) {
        this.tmp = tmp;
        this.hostTmp = hostTmp;
        this.namespaceFile = namespaceFile;
    }

    /** Why runs cannot be confined on this machine, or empty when they can. Tried once per JVM. */
    static Optional<String> unavailable() {
        Optional<String> u = unavailable;
        if (u == null) {
            u = probe();
            unavailable = u;
        }
        return u;
    }

    /** As {@link #unavailable()}, and also when one of the paths the run needs lies under /tmp, which it covers. */
    public static Optional<String> unavailableFor(List<Path> needed) {
        for (Path p : needed) {
            if (p.toAbsolutePath().normalize().startsWith("/tmp")) {
                return Optional.of(p + " lies under /tmp, which a confined run sees covered");
            }
        }
        return unavailable();
    }

    private static Optional<String> probe() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--", "true").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("`unshare --mount true` did not finish within 30 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("`unshare --mount` failed (exit " + p.exitValue() + ": " + out + "); it needs root");
        } catch (IOException e) {
            return Optional.of("util-linux's unshare cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** A confinement for one run, its /tmp at {@code runDir}/tmp (made fresh, mode 1777 like /tmp). */
    public static RunConfinement in(Path runDir) throws IOException {
        Path tmp = runDir.resolve("tmp");
        Files.createDirectories(tmp);
        // With the sticky bit, which Java's permission API cannot set: /tmp has it, and 2.5's cases look at such details.
        run(List.of("chmod", "1777", tmp.toString()));
        Path hostTmp = runDir.resolve("host-tmp");
        Files.createDirectories(hostTmp);
        return new RunConfinement(tmp, hostTmp, runDir.resolve("mount-namespace"));
    }

    /**
     * {@code command}, run in a mount namespace of its own with this run's directory over /tmp. The machine's /tmp
     * stays reachable as {@code TMPDIR} (through {@code <run>/host-tmp}): what targets keep there on purpose, such as
     * the Go fixture's build, is shared between runs as before, and is not this run's leftover.
     */
    public List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "readlink /proc/self/ns/mnt > \"$1\" && mount --bind /tmp \"$3\" && mount --bind \"$2\" /tmp"
                        + " && export TMPDIR=\"$3\" && shift 3 && exec \"$@\"",
                "sh", namespaceFile.toString(), tmp.toString(), hostTmp.toString()));
        out.addAll(command);
        return out;
    }

    /**
     * What outlived the run, once the kit has exited: live processes of its namespace (after up to {@code
     * waitMillis} for them to go: a process killed at the end may take a moment to be reaped), then the {@code
     * ctlsock-*} entries of its /tmp. Processes found are killed, so the self-check leaks nothing either; the
     * directory is left for a person to look at, and removed when the run left nothing.
     */
    public List<String> leftovers(long waitMillis) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        Optional<String> namespace = Files.isRegularFile(namespaceFile)
                ? Optional.of(Files.readString(namespaceFile, StandardCharsets.UTF_8).strip()) : Optional.empty();
        if (namespace.isEmpty() || namespace.get().isEmpty()) {
            out.add("the run's mount namespace was never recorded (did unshare or mount fail? see kit.err)");
        } else {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            List<ProcessHandle> alive = inNamespace(namespace.get());
            while (!alive.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(20); // polling a process table that has no change notification, within the deadline
                alive = inNamespace(namespace.get());
            }
            for (ProcessHandle h : alive) {
                out.add("process " + h.pid() + " " + h.info().commandLine().orElse("(command line unknown)"));
                h.destroyForcibly();
            }
        }
        List<String> dirs;
        try (Stream<Path> s = Files.list(tmp)) {
            dirs = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(KIT_PREFIX) && !n.startsWith(TARGETS_OWN_PREFIX)).sorted().toList();
        }
        dirs.forEach(d -> out.add("/tmp/" + d));
        if (out.isEmpty()) {
            deleteTree(tmp);
            Files.deleteIfExists(hostTmp); // empty here: the machine's /tmp was mounted on it only in the namespace
        }
        return out;
    }

    /**
     * The live processes of this run's namespace. The namespace's number alone does not say so: the kernel reuses
     * the number of a namespace that has ended, and with several runs at a time the next run's new namespace may get
     * the number this run's had. So a process counts only if its /tmp is this run's directory, which no other
     * run's namespace mounts.
     */
    private List<ProcessHandle> inNamespace(String namespace) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> namespace.equals(namespaceOf(h.pid())) && tmpIsThisRuns(mountInfoOf(h.pid())))
                .toList();
    }

    /**
     * Whether the mount at /tmp in {@code mountInfo} (the lines of /proc/PID/mountinfo) is this run's directory.
     * Field 4 of a line is the mounted directory's path inside its file system, field 5 where it is mounted; the file
     * system may itself be mounted below /, so the path is compared as a tail of this run's directory.
     */
    boolean tmpIsThisRuns(List<String> mountInfo) {
        String ours = tmp.toAbsolutePath().normalize().toString();
        String tmpRoot = null;
        for (String line : mountInfo) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals("/tmp")) {
                tmpRoot = f[3].replace("\\040", " ");   // the last mount at /tmp is the one its processes see
            }
        }
        // The path starts with '/', so a matching tail is whole path components.
        return tmpRoot != null && tmpRoot.startsWith("/") && !tmpRoot.equals("/") && ours.endsWith(tmpRoot);
    }

    private static List<String> mountInfoOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // gone meanwhile
        }
    }

    private static String namespaceOf(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // gone meanwhile, or a kernel thread
        }
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
