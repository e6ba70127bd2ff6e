package org.ctlsock.server.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The names in a directory, and emptying one without ever following a link. */
public final class DirectoryEntries {
  private DirectoryEntries() {}

  public static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Removes everything in {@code dir} (links themselves, never what they point to), keeping {@code dir}. */
  public static void empty(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() { // walkFileTree does not follow links by default
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (!d.equals(dir)) {
          Files.deleteIfExists(d);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
