package org.ctlsock.conformance.clauses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.StaleSocketFile;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.implementation.TargetNotReady;
import org.ctlsock.conformance.access.KitIdentity;

/**
 * Variation rule 3 (HARNESS.md): the options {@code --mode} and {@code --group} combined with each other and with
 * the socket-file situations of section 2 (an unusual umask, a set-group-ID directory, a stale socket to replace,
 * and these together), instead of each alone in a plain directory. One table; each clause's case takes the rows
 * its clause speaks about and checks the one rule that covers them all: the socket's permission bits are the
 * explicit mode, else {@code 0777 & ~umask} (2.3.1, 9.1.1); its group is the explicit group, else the directory's
 * when the directory is set-group-ID, else the server's effective group (2.3.3, 9.2.1).
 *
 * <p>The rows of one case start at once, each in a directory of its own, so a case costs about one start.
 */
final class SocketFileCombinations {
    /** The group a set-group-ID directory has (root may give any number, listed or not). */
    static final int DIRECTORY_GID = 100;
    /** An explicit mode that no umask of the table gives by itself. */
    static final int MODE = 0640;

    /** A socket-file situation of section 2. */
    enum Situation {
        PLAIN("a plain directory, umask 022", "022", false, false),
        UMASK_077("umask 077", "077", false, false),
        SET_GROUP_ID_DIRECTORY("a set-group-ID directory", "022", true, false),
        STALE_SOCKET("a stale socket to replace", "022", false, true),
        ALL_AT_ONCE("a stale socket in a set-group-ID directory, umask 027", "027", true, true);

        final String description;
        final String umask;
        final boolean setGroupId;
        final boolean stale;

        Situation(String description, String umask, boolean setGroupId, boolean stale) {
            this.description = description;
            this.umask = umask;
            this.setGroupId = setGroupId;
            this.stale = stale;
        }
    }

    /** Which of the two options a start is given. */
    enum Options {
        NONE(false, false), MODE(true, false), GROUP(false, true), MODE_AND_GROUP(true, true);

        final boolean mode;
        final boolean group;

        Options(boolean mode, boolean group) {
            this.mode = mode;
            this.group = group;
        }
    }

    /**
     * What a clause's case judges of each socket: its permission bits (2.3.1, 9.1.1) or its group (2.3.3, 9.2.1).
     * Each clause judges its own, so a wrong mode never fails a group clause.
     */
    enum Aspect { MODE, GROUP }

    /** One row: a situation and the options. */
    record Combination(Situation situation, Options options) {
    }

    private SocketFileCombinations() {
    }

    /** Every row whose options {@code which} accepts, for every situation. */
    static List<Combination> rows(Predicate<Options> which) {
        List<Combination> out = new ArrayList<>();
        for (Options o : Options.values()) {
            if (which.test(o)) {
                for (Situation s : Situation.values()) {
                    out.add(new Combination(s, o));
                }
            }
        }
        return out;
    }

    /**
     * Starts the target once per row (all at once), each in a scratch directory of its own, and returns what is
     * wrong with each socket, in words (empty when every socket has the mode and group the rule gives). Rows
     * whose option the target does not claim are left out; none left is N/A.
     */
    static List<String> wrongSockets(TargetSession target, List<Combination> rows, Aspect aspect) {
        target.requireLaunchMode("these cases start the target in directories they prepare");
        if (!KitIdentity.isRoot()) {
            throw new NotApplicable("giving a directory another group and the socket a group that is not the kit's "
                    + "own needs root");
        }
        List<Combination> applicable = rows.stream()
                .filter(r -> !r.options().mode || target.claims(Capability.MODE))
                .filter(r -> !r.options().group || target.claims(Capability.GROUP)).toList();
        if (applicable.isEmpty()) {
            throw new NotApplicable("every combination needs --mode or --group, which the target does not claim");
        }
        int egid = KitIdentity.effectiveGid();
        int group = explicitGroup(egid);
        List<ScratchDirectory> dirs = new ArrayList<>();
        List<ServerProcess> started = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try {
            for (Combination row : applicable) {
                ScratchDirectory dir = ScratchDirectory.create(0755);
                dirs.add(dir);
                dir.chgrp(dir.path(), DIRECTORY_GID);
                if (row.situation().setGroupId) {
                    dir.chmod(dir.path(), 02755);
                }
                Path socket = dir.resolve("ctl.sock");
                if (row.situation().stale) {
                    makeStale(socket, target.timeouts().within());
                }
                List<String> words = new ArrayList<>();
                if (row.options().mode) {
                    words.addAll(List.of("--mode", String.format("%04o", MODE)));
                }
                if (row.options().group) {
                    words.addAll(List.of("--group", Integer.toString(group)));
                }
                started.add(target.launch(LaunchOptions.defaults().socketPath(socket).umask(row.situation().umask)
                        .options(words)));
            }
            for (int i = 0; i < applicable.size(); i++) {
                Combination row = applicable.get(i);
                ServerProcess p = started.get(i);
                String what = describe(row, group);
                try {
                    p.awaitReady();
                } catch (TargetNotReady e) {
                    // A target that will not start over a stale socket breaks 2.2.2, which judges that on its own;
                    // the row then has no socket whose mode or group could be judged here.
                    if (!row.situation().stale || p.process().isAlive()) {
                        throw e;
                    }
                    target.evidence().note(what + ": not judged here, the target exited instead of replacing the "
                            + "stale socket (clause 2.2.2's question): " + e.getMessage());
                    continue;
                }
                PathSnapshot s = PathSnapshot.of(p.socket());
                int mode = row.options().mode ? MODE : 0777 & ~Integer.parseInt(row.situation().umask, 8);
                int gid = row.options().group ? group : row.situation().setGroupId ? DIRECTORY_GID : egid;
                target.evidence().note(what + ": " + s);
                if (aspect == Aspect.MODE && (s.perms() & 0777) != mode) {
                    wrong.add(what + ": mode " + PathSnapshot.octal(s.perms() & 0777) + ", expected "
                            + PathSnapshot.octal(mode) + " (" + s + ")");
                }
                if (aspect == Aspect.GROUP && s.gid() != gid) {
                    wrong.add(what + ": group " + s.gid() + ", expected " + gid + " (" + s + ")");
                }
                p.stop();
            }
        } finally {
            for (ServerProcess p : started) {
                p.stop();
            }
            for (ScratchDirectory d : dirs) {
                d.close();
            }
        }
        return wrong;
    }

    /**
     * A stale socket at {@code socket}. {@link StaleSocketFile#create} checks at once that a connect is refused;
     * on a loaded machine that check has been seen to connect once, right after the kit closed the listener (while
     * the kit's own classes run beside it), so a socket that is not stale yet is made again until the deadline.
     */
    private static void makeStale(Path socket, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                StaleSocketFile.create(socket);
                return;
            } catch (IllegalStateException notYetStale) {
                if (System.nanoTime() - deadline > 0) {
                    throw notYetStale;
                }
                try {
                    Files.deleteIfExists(socket);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + socket + " to make it stale again", e);
                }
            }
        }
    }

    /** The words a failure message uses for the rule (Expected). */
    static String rule(int egid) {
        return String.format("the socket's mode is --mode's (%04o) if given, else 0777 & ~umask; its group is --group's "
                + "if given, else the directory's (%d) in a set-group-ID directory, else the server's effective "
                + "group (%d)", MODE, DIRECTORY_GID, egid);
    }

    private static String describe(Combination row, int group) {
        String options = switch (row.options()) {
            case NONE -> "no option";
            case MODE -> String.format("--mode %04o", MODE);
            case GROUP -> "--group " + group;
            case MODE_AND_GROUP -> String.format("--mode %04o --group %d", MODE, group);
        };
        return options + " in " + row.situation().description;
    }

    /** A group from the group database (so that a server may resolve it) that is neither the kit's nor the directory's. */
    private static int explicitGroup(int egid) {
        Path etcGroup = Path.of("/etc/group");
        try (Stream<String> lines = Files.lines(etcGroup)) {
            Optional<Integer> g = lines.map(l -> l.split(":", -1)).filter(f -> f.length >= 3 && f[2].matches("\\d+"))
                    .map(f -> Integer.parseInt(f[2])).filter(x -> x != egid && x != 0 && x != DIRECTORY_GID).findFirst();
            return g.orElseThrow(() -> new NotApplicable("/etc/group lists no group besides " + egid + " and "
                    + DIRECTORY_GID + " to give with --group"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + etcGroup, e);
        }
    }
}
