package org.ctlsock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The living processes of one session or process group, read from {@code /proc}: a worker that its master's death
 * left behind (re-parented, so no longer a descendant) is still found here. Zombies are dead and not counted.
 */
final class SessionMembers {
    private static final Path PROC = Path.of("/proc");

    private SessionMembers() {
    }

    /** Pids whose process group or session is {@code id}, and that have not exited. */
    static List<Long> of(long id) {
        return matching(id, false);
    }

    /**
     * Pids of the session or group {@code id} that have exited and are not reaped yet (zombies). Until a zombie is
     * reaped its pid still exists: {@code kill(pid, 0)} succeeds, so a next server that checks a pid file or a lock
     * naming it (Twisted's lock does) takes the dead process for a live one.
     */
    static List<Long> unreaped(long id) {
        return matching(id, true);
    }

    private static List<Long> matching(long id, boolean zombies) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, SessionMembers::isPidDirectory)) {
            for (Path entry : entries) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (IOException | java.io.UncheckedIOException gone) {
                    continue; // exited while we looked
                }
                if (zombies ? belongsUnreaped(stat, id) : belongs(stat, id)) {
                    members.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            // No /proc: the caller falls back on what the JDK knows (the process and its descendants).
        }
        return members;
    }

    /**
     * Whether a {@code /proc/<pid>/stat} line names a living member: the fields after the command name (which is in
     * parentheses and may itself contain spaces and parentheses) are state, ppid, pgrp, session.
     */
    static boolean belongs(String stat, long id) {
        return member(stat, id, false);
    }

    /** Whether a {@code /proc/<pid>/stat} line names an exited, unreaped member (state Z) of {@code id}. */
    static boolean belongsUnreaped(String stat, long id) {
        return member(stat, id, true);
    }

    /** A member of group or session {@code id}: a living one, or with {@code unreaped} a zombie. */
    private static boolean member(String stat, long id, boolean unreaped) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return false;
        }
        String[] f = stat.substring(close + 2).split(" ");
        if (f.length < 4) {
            return false;
        }
        boolean zombie = f[0].equals("Z");
        boolean living = !zombie && !f[0].equals("X");
        return (unreaped ? zombie : living) && (Long.parseLong(f[2]) == id || Long.parseLong(f[3]) == id);
    }

    private static boolean isPidDirectory(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
