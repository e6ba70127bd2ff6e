package org.ctlsock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the processes that hold the listening socket bound at a path. A launcher may not be the
 * server (a shell, {@code go run}, a wrapper script), and nginx serves from several processes, so
 * the benchmark measures the processes that actually own the socket rather than the one it started.
 */
public final class ListeningSocketOwners {

    /** The __SO_ACCEPTCON flag of /proc/net/unix: the socket is listening. */
    private static final int SO_ACCEPTCON = 0x10000;

    private ListeningSocketOwners() {
    }

    /**
     * The pids, among {@code candidates} (or among all processes when it is empty), that have a file
     * descriptor on a listening AF_UNIX socket bound to {@code socket}. Empty when none is found.
     */
    public static List<Long> find(Path socket, List<Long> candidates) throws IOException {
        Set<String> inodes = listeningInodes(socket.toAbsolutePath().normalize());
        if (inodes.isEmpty() && !candidates.isEmpty()) {
            // A server may bind in a private directory and link the socket into place (the Go and
            // Node.js fixtures do): the kernel then knows it by the other path. Among the
            // candidates, any listening AF_UNIX socket is then the one.
            inodes = listeningInodes(null);
        }
        if (inodes.isEmpty()) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        for (long pid : candidates.isEmpty() ? allPids() : candidates) {
            if (holdsAny(pid, inodes)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** The started process and all its descendants, the usual candidates. */
    public static List<Long> treeOf(ProcessHandle root) {
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** The inodes of the listening sockets bound to {@code socket}, or of all of them when it is null. */
    static Set<String> listeningInodes(Path socket) throws IOException {
        Set<String> inodes = new HashSet<>();
        String wanted = socket == null ? null : socket.toString();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"), StandardCharsets.ISO_8859_1)) {
            // Num RefCount Protocol Flags Type St Inode Path
            String[] f = line.trim().split("\\s+");
            if (f.length < (wanted == null ? 7 : 8) || !f[0].endsWith(":")) {
                continue;
            }
            int flags;
            try {
                flags = Integer.parseInt(f[3], 16);
            } catch (NumberFormatException e) {
                continue;
            }
            String path = f.length > 7 ? f[7] : "";
            // A server that bound a relative path shows it relative: match on the file name then.
            boolean samePath = wanted == null || path.equals(wanted)
                    || (!path.startsWith("/") && wanted.endsWith("/" + path));
            if ((flags & SO_ACCEPTCON) != 0 && samePath) {
                inodes.add(f[6]);
            }
        }
        return inodes;
    }

    private static boolean holdsAny(long pid, Set<String> inodes) {
        Path fdDir = Path.of("/proc", Long.toString(pid), "fd");
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")
                            && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // The descriptor closed while we looked.
                }
            }
        } catch (IOException e) {
            // The process exited, or is not ours to inspect.
        }
        return false;
    }

    private static List<Long> allPids() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .toList();
        }
    }
}
