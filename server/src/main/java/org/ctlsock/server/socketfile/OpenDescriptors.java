package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * This process's open file descriptors, as {@code /proc/self/fd} shows them. The JDK opens
 * descriptors (a directory stream's, a file channel's) without telling their numbers; this finds
 * them, so that {@code /proc/self/fd/N} can stand for the open file itself: a {@code stat(2)} of
 * it is an {@code fstat(2)}, and a path {@code /proc/self/fd/N/name} is looked up in the directory
 * that is open, whatever has been renamed or replaced since (spec 2.7).
 */
final class OpenDescriptors {
  static final Path PROC_SELF_FD = Path.of("/proc/self/fd");
  static final Path PROC_SELF_FDINFO = Path.of("/proc/self/fdinfo");

  private OpenDescriptors() {}

  /** The numbers of the descriptors open right now. */
  static Set<Integer> numbers() throws IOException {
    Set<Integer> listed = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC_SELF_FD)) {
      for (Path entry : entries) {
        listed.add(Integer.parseInt(entry.getFileName().toString()));
      }
    }
    // The listing's own descriptor is among them and is closed now; its number is free for the
    // next open, which must not count as "open before".
    Set<Integer> open = new HashSet<>();
    for (int fd : listed) {
      if (Files.exists(path(fd), LinkOption.NOFOLLOW_LINKS)) {
        open.add(fd);
      }
    }
    return open;
  }

  static Path path(int fd) {
    return PROC_SELF_FD.resolve(Integer.toString(fd));
  }

  /**
   * The descriptor, opened since {@code before} was taken, whose file has {@code fileKey} (device
   * and inode). A descriptor that was open before is someone else's and might be closed and its
   * number reused at any time; one opened since, of our file, is ours.
   */
  static OptionalInt openedSince(Set<Integer> before, Object fileKey) throws IOException {
    Set<Integer> now = numbers();
    for (int fd : now) {
      if (!before.contains(fd) && Objects.equals(fileKey, keyOf(fd))) {
        return OptionalInt.of(fd);
      }
    }
    // Another thread closed a descriptor between the two listings and the open reused its
    // number: any descriptor of the same directory (same device and inode) is the same directory.
    for (int fd : now) {
      if (Objects.equals(fileKey, keyOf(fd))) {
        return OptionalInt.of(fd);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The descriptor whose file offset is {@code marker}, from {@code /proc/self/fdinfo}: a caller
   * that has just set an improbable offset on its channel finds the channel's descriptor this way,
   * with no doubt about which of several descriptors of the file is its own.
   */
  static OptionalInt withOffset(long marker) throws IOException {
    String wanted = "pos:\t" + marker;
    for (int fd : numbers()) {
      try {
        String info = Files.readString(PROC_SELF_FDINFO.resolve(Integer.toString(fd)));
        if (info.startsWith(wanted + "\n")) {
          return OptionalInt.of(fd);
        }
      } catch (IOException e) {
        // closed meanwhile: not ours
      }
    }
    return OptionalInt.empty();
  }

  /** {@code fstat(2)} of an open descriptor: mode, uid, link count and identity. */
  static Map<String, Object> fstat(int fd) throws IOException {
    return Files.readAttributes(path(fd), "unix:mode,uid,nlink,fileKey");
  }

  private static Object keyOf(int fd) {
    try {
      return Files.readAttributes(path(fd), "unix:fileKey").get("fileKey");
    } catch (IOException | RuntimeException e) {
      return null; // closed meanwhile, or a descriptor without an inode we can stat
    }
  }

  /** Whether this system has {@code /proc/self/fd} (Linux). */
  static boolean available() {
    return Files.isDirectory(PROC_SELF_FD, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(PROC_SELF_FD);
  }
}
