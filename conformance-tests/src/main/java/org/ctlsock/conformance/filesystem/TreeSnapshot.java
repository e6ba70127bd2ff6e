package org.ctlsock.conformance.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory and everything under it (symbolic links not followed), each entry as a {@link
 * PathSnapshot}: for "nothing created, deleted or changed" checks (spec 2.1.2, 2.3.4, 3.1.2). The root
 * itself is compared only on what a server must not change (type, inode, mode, owner, group): its
 * modification time changes whenever anyone adds or removes an entry.
 *
 * @param entries the entries by path relative to the root ({@code "a/b"})
 */
public record TreeSnapshot(PathSnapshot root, Map<String, PathSnapshot> entries) {
    public static TreeSnapshot of(Path dir) {
        Map<String, PathSnapshot> entries = new TreeMap<>();
        collect(dir, dir, entries);
        return new TreeSnapshot(PathSnapshot.of(dir), entries);
    }

    private static void collect(Path root, Path dir, Map<String, PathSnapshot> into) {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        } catch (NoSuchFileException e) {
            return;   // removed while we looked: what is there now is what counts
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path child : children) {
            PathSnapshot snap = PathSnapshot.of(child);
            if (!snap.exists()) {
                continue;
            }
            into.put(root.relativize(child).toString(), snap);
            if (snap.type() == FileType.DIRECTORY) {
                collect(root, child, into);
            }
        }
    }

    /** A copy without the named entries (e.g. the server's own socket). */
    public TreeSnapshot without(Set<String> names) {
        Map<String, PathSnapshot> kept = new TreeMap<>(entries);
        kept.keySet().removeAll(names);
        return new TreeSnapshot(root, kept);
    }

    /** What changed since {@code before}: added, removed and changed entries, and root attributes; empty if none. */
    public List<String> differencesFrom(TreeSnapshot before) {
        List<String> out = new ArrayList<>();
        // The root only on what a server must not change (not its size or times: entries change them).
        root.differencesFrom(before.root).stream()
                .filter(d -> d.matches("(type|device|inode|mode|owner uid|group gid) .*"))
                .forEach(d -> out.add("the directory " + root.path() + ": " + d));
        for (Map.Entry<String, PathSnapshot> e : before.entries.entrySet()) {
            PathSnapshot now = entries.get(e.getKey());
            if (now == null) {
                out.add("removed: " + e.getValue());
            } else {
                List<String> diffs = now.differencesFrom(e.getValue());
                if (!diffs.isEmpty()) {
                    out.add("changed: " + e.getKey() + ": " + String.join(", ", diffs) + "\n    before: "
                            + e.getValue() + "\n    after:  " + now);
                }
            }
        }
        entries.entrySet().stream().filter(e -> !before.entries.containsKey(e.getKey()))
                .forEach(e -> out.add("added: " + e.getValue()));
        return out;
    }

    /** The listing, one entry per line, for the evidence. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(root).append('\n');
        if (entries.isEmpty()) {
            sb.append("  (empty)\n");
        }
        entries.values().forEach(e -> sb.append("  ").append(e).append('\n'));
        return sb.toString();
    }
}
