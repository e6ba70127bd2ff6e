package org.ctlsock.conformance.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot taken while a server replaces the file at the path (spec 3.1.2: a server that finds a regular file
 * where its socket goes may remove it and bind): the window between lstat and reading the content is widened to
 * certainty by swapping the file inside it.
 */
class PathSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileReplacedByASocketBeforeItsContentIsReadShowsTheSocket() throws IOException {
        Path path = Files.writeString(dir.resolve("ctl.sock"), "not a socket");
        KitListener[] swapped = new KitListener[1];
        PathSnapshot snapshot = PathSnapshot.of(path, () -> {
            if (swapped[0] == null) {
                delete(path);
                swapped[0] = KitListener.listen(path);
            }
        });
        try (KitListener socket = swapped[0]) {
            assertThat(socket).isNotNull();
            assertThat(snapshot.type()).as(snapshot.toString()).isEqualTo(FileType.SOCKET);
            assertThat(snapshot.contentSha256()).isNull();
        }
    }

    @Test
    void aRegularFileRemovedBeforeItsContentIsReadIsAbsent() throws IOException {
        Path path = Files.writeString(dir.resolve("ctl.sock"), "not a socket");
        assertThat(PathSnapshot.of(path, () -> delete(path)).exists()).isFalse();
    }

    @Test
    void aRegularFileReadUndisturbedHasItsHash() throws IOException {
        Path path = Files.writeString(dir.resolve("plain"), "abc");
        assertThat(PathSnapshot.of(path).contentSha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
