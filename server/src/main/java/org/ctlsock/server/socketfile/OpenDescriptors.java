package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
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
   * Serializes every open-and-find of this package: while one thread opens a directory and looks
   * for its new descriptor, no other server in this JVM opens one, so the new descriptors of that
   * directory are the opener's own.
   */
  static final Object OPENING = new Object();

  /**
   * The descriptors, opened since {@code before} was taken, whose file has {@code fileKey} (device
   * and inode), lowest first. A descriptor that was open before is someone else's and might be
   * closed and its number reused at any time. Call it holding {@link #OPENING}.
   */
  static List<Integer> openedSince(Set<Integer> before, Object fileKey) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (int fd : numbers()) {
      if (!before.contains(fd) && Objects.equals(fileKey, keyOf(fd))) {
        out.add(fd);
      }
    }
    Collections.sort(out);
    return out;
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
