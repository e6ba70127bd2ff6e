package org.ctlsock.conformance.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.ctlsock.conformance.access.KitIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one leftover every "nothing left behind" check allows, and only when it is what spec 2.6.2 says. */
class ServerLockFileTest {
    @TempDir
    Path dir;

    @Test
    void anOwnRegularLockFileIsAllowed() throws IOException {
        Path socket = dir.resolve("ctl.sock");
        Files.createFile(dir.resolve("ctl.sock.lock"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        TreeSnapshot t = TreeSnapshot.of(dir);
        assertThat(ServerLockFile.leftBesides(t, socket, KitIdentity.uid(), Set.of())).isEmpty();
    }

    @Test
    void aGroupWritableOrForeignOrLinkedLockFileStillCounts() throws IOException {
        Path socket = dir.resolve("ctl.sock");
        Path lock = Files.createFile(dir.resolve("ctl.sock.lock"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw----"));   // past the umask
        TreeSnapshot t = TreeSnapshot.of(dir);
        assertThat(ServerLockFile.leftBesides(t, socket, KitIdentity.uid(), Set.of())).containsKey("ctl.sock.lock");
        assertThat(ServerLockFile.leftBesides(t, socket, KitIdentity.uid() + 1, Set.of())).hasSize(1);
        Files.delete(lock);
        Files.createSymbolicLink(lock, dir.resolve("elsewhere"));
        assertThat(ServerLockFile.problem(PathSnapshot.of(lock), KitIdentity.uid())).contains("symbolic link");
    }

    @Test
    void otherEntriesAndOtherSocketsLockFilesStillCount() throws IOException {
        Path socket = dir.resolve("ctl.sock");
        Files.createDirectory(dir.resolve(".ctlsock-0123abcd"));
        Files.createFile(dir.resolve("other.sock.lock"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        TreeSnapshot t = TreeSnapshot.of(dir);
        assertThat(ServerLockFile.leftBesides(t, socket, KitIdentity.uid(), Set.of()).keySet())
                .containsExactlyInAnyOrder(".ctlsock-0123abcd", "other.sock.lock");
        assertThat(ServerLockFile.allowedIn(t, Path.of("relative.sock"), KitIdentity.uid())).isSameAs(t);
    }
}
