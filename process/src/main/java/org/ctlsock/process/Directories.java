package org.ctlsock.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Fresh directories for started processes, and their removal. A directory from {@link #fresh} that is still there
 * when the JVM exits (even by SIGTERM) is removed then, after the processes started through {@link Launch}.
 */
public final class Directories {
    private Directories() {
    }

    /**
     * A new empty directory {@code /tmp/<prefix>…}: under /tmp rather than {@code java.io.tmpdir}, so that socket
     * paths in it stay far below the {@code sun_path} limit.
     */
    public static Path fresh(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        LiveProcesses.own(dir); // removed at JVM exit if nobody deleted it before
        return dir;
    }

    /** Removes a directory tree without following links, best effort: a leftover is not worth failing over. */
    public static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try {
            deleteWalk(root);
        } finally {
            // Only once it is gone: a process still writing into it (a case's target, stopped after its directory
            // is closed) can leave it behind, and then the JVM's exit removes it, after that process is killed.
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                LiveProcesses.disown(root);
            }
        }
    }

    private static void deleteWalk(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort, as documented.
        }
    }
}
