package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.StaleSocketFile;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec 2.3: the socket's mode under the umask, its group, and the directory left alone. The "no window"
 * clause 2.3.2 is {@link Section2_3_NoWindowProperties}.
 */
@ConformanceTest
class Section2_3_PermissionsTest {
    /** A group that is not the kit's (root may give any number, whether or not /etc/group names it). */
    private static final int OTHER_GID = 100;

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "027", "077"})
    @Clause("2.3.1")
    void modeIsWhatBindGivesUnderTheUmask(String umask, TargetSession target) {
        target.requireLaunchMode("this case starts the target under several umasks");
        ServerProcess p = target.launchReady(LaunchOptions.defaults().umask(umask));
        PathSnapshot s = PathSnapshot.of(p.socket());
        int expected = 0777 & ~Integer.parseInt(umask, 8);
        target.evidence().note("stat: " + s);
        assertThat(PathSnapshot.octal(s.perms())).as("permission bits of the socket under umask %s (0777 & ~umask); "
                + "stat: %s", umask, s).isEqualTo(PathSnapshot.octal(expected));
    }

    @Test
    @Clause("2.3.3")
    void groupIsTheEffectiveGroupInAnOrdinaryDirectory(TargetSession target) {
        target.requireLaunchMode("this case starts the target in a directory it prepared");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            scratch.chgrp(scratch.path(), OTHER_GID);
            int egid = KitIdentity.effectiveGid();
            Path socket = scratch.resolve("ctl.sock");
            target.evidence().note("directory " + PathSnapshot.of(scratch.path()) + " (not set-group-ID); the target "
                    + "runs with the kit's effective gid " + egid);
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            PathSnapshot s = PathSnapshot.of(socket);
            target.evidence().note("stat: " + s);
            assertThat(s.gid()).as("group of the socket in a directory without set-group-ID: the server's effective "
                    + "group %d, not the directory's %d; stat: %s", egid, OTHER_GID, s).isEqualTo(egid);
            p.stop();
        }
    }

    @Test
    @Clause("2.3.3")
    void groupIsTheDirectorysWhenItIsSetGroupId(TargetSession target) {
        target.requireLaunchMode("this case starts the target in a directory it prepared");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            scratch.chgrp(scratch.path(), OTHER_GID);
            scratch.chmod(scratch.path(), 02755);
            Path socket = scratch.resolve("ctl.sock");
            target.evidence().note("directory " + PathSnapshot.of(scratch.path()) + " (set-group-ID, group "
                    + OTHER_GID + ")");
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            PathSnapshot s = PathSnapshot.of(socket);
            target.evidence().note("stat: " + s);
            assertThat(s.gid()).as("group of the socket in a set-group-ID directory of group %d; stat: %s",
                    OTHER_GID, s).isEqualTo(OTHER_GID);
            p.stop();
        }
    }

    @ParameterizedTest(name = "directory mode {0}")
    @ValueSource(ints = {0755, 02750})
    @Clause("2.3.4")
    void leavesTheDirectoryAndItsOtherEntriesAlone(int dirMode, TargetSession target) throws Exception {
        target.requireLaunchMode("this case starts the target in a directory it prepared");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            scratch.chgrp(scratch.path(), OTHER_GID);
            scratch.chmod(scratch.path(), dirMode);
            // Neighbours a careless server might "clean up": another socket, a file named like a
            // temporary one, a subdirectory, a link.
            StaleSocketFile.create(scratch.resolve("other.sock"));
            scratch.writeFile(scratch.resolve("ctl.sock.tmp"), "not the server's\n", 0600);
            scratch.writeFile(scratch.resolve("notes.txt"), "operator's notes\n", 0644);
            Files.createDirectory(scratch.resolve("sub"));
            Files.createSymbolicLink(scratch.resolve("link"), scratch.resolve("notes.txt"));
            Path socket = scratch.resolve("ctl.sock");
            TreeSnapshot before = TreeSnapshot.of(scratch.path());
            target.evidence().note("directory before:\n" + before);
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            TreeSnapshot running = TreeSnapshot.of(scratch.path());
            target.evidence().note("directory while the target runs:\n" + running);
            assertThat(ServerLockFile.allowedIn(running, socket, org.ctlsock.conformance.access.KitIdentity.uid()).without(Set.of("ctl.sock"))
                    .differencesFrom(before)).as("changes to the directory and its other entries while the target "
                    + "runs (Expected: none besides the socket and its lock file of 2.6.2)")
                    .isEmpty();
            p.stop();
            TreeSnapshot after = TreeSnapshot.of(scratch.path());
            target.evidence().note("directory after the target stopped:\n" + after);
            assertThat(ServerLockFile.allowedIn(after, socket, org.ctlsock.conformance.access.KitIdentity.uid()).without(Set.of("ctl.sock"))
                    .differencesFrom(before)).as("changes to the directory and its other entries after the target "
                    + "stopped (Expected: none besides the lock file of 2.6.2)")
                    .isEmpty();
        }
    }

    /**
     * Variation rule 3 (HARNESS.md): without --mode, 2.3.1's mode holds in every socket-file situation of the table
     * ({@link SocketFileCombinations}) and also when --group is given (a server whose --group opens the socket to
     * the group breaks it).
     */
    @Test
    @Clause("2.3.1")
    void modeIsTheUmasksWithGroupOptionAndInEverySituation(TargetSession target) {
        List<String> wrong = SocketFileCombinations.wrongSockets(target,
                SocketFileCombinations.rows(o -> !o.mode), SocketFileCombinations.Aspect.MODE);
        assertThat(wrong).as("Expected: %s%nActual:", SocketFileCombinations.rule(KitIdentity.effectiveGid()))
                .isEmpty();
    }

    /**
     * Variation rule 3 (HARNESS.md): without --group, 2.3.3's group holds in every socket-file situation of the
     * table and also when --mode is given (a server whose mode step also chowns breaks it).
     */
    @Test
    @Clause("2.3.3")
    void groupIsTheFileSystemsWithModeOptionAndInEverySituation(TargetSession target) {
        List<String> wrong = SocketFileCombinations.wrongSockets(target,
                SocketFileCombinations.rows(o -> !o.group), SocketFileCombinations.Aspect.GROUP);
        assertThat(wrong).as("Expected: %s%nActual:", SocketFileCombinations.rule(KitIdentity.effectiveGid()))
                .isEmpty();
    }
}
