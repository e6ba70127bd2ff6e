package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open directory, reached afterwards only through its descriptor, never through its name again
 * (spec 2.5.1, 2.7). Two ways in, both pinned to the directory that was opened:
 *
 * <ul>
 *   <li>the JDK's {@link SecureDirectoryStream}: {@code openat}, {@code fstatat},
 *       {@code unlinkat}, {@code renameat} relative to the descriptor;
 *   <li>{@code /proc/self/fd/N/name} for the calls the JDK has no relative form of
 *       ({@code bind}, {@code connect}, {@code link}, {@code mkdir}, {@code chmod}): the kernel
 *       follows the magic link to the open directory itself, so nobody who renames or replaces
 *       entries in the parent can redirect the lookup.
 * </ul>
 *
 * N is found by comparing the device and inode of each descriptor opened with the stream with
 * the stream's own {@code fstat}.
 */
final class DirectoryHandle implements AutoCloseable {
  private final SecureDirectoryStream<Path> stream;
  private final int fd;
  private final Object fileKey;

  private DirectoryHandle(SecureDirectoryStream<Path> stream, int fd, Object fileKey) {
    this.stream = stream;
    this.fd = fd;
    this.fileKey = fileKey;
  }

  /** Opens a directory by its path (the operator's; symbolic links in it are the operator's choice). */
  static DirectoryHandle open(Path directory) throws IOException {
    return openFindingDescriptor(() -> Files.newDirectoryStream(directory), directory.toString());
  }

  /**
   * Opens an entry of this directory as a directory without following a symbolic link
   * ({@code openat(O_NOFOLLOW)}): a link or anything but a directory fails.
   */
  DirectoryHandle openChild(String name) throws IOException {
    return openFindingDescriptor(() -> stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), name);
  }

  private interface Opener {
    DirectoryStream<Path> open() throws IOException;
  }

  /**
   * Opens the directory and finds its descriptor N: the JDK's stream opens one or two descriptors
   * of it (its own and the one its {@code DIR*} reads with). With the opening serialized in this
   * JVM, one or two new descriptors of the directory are the stream's; more means another thread
   * of the application opened the same directory at the same instant, and the open is retried.
   */
  private static DirectoryHandle openFindingDescriptor(Opener opener, String what) throws IOException {
    synchronized (OpenDescriptors.OPENING) {
      for (int attempt = 0; attempt < 3; attempt++) {
        Set<Integer> before = OpenDescriptors.numbers();
        DirectoryStream<Path> opened = opener.open();
        if (!(opened instanceof SecureDirectoryStream)) {
          opened.close();
          throw new IOException(what + ": this platform has no descriptor-relative directory operations (SecureDirectoryStream)");
        }
        @SuppressWarnings("unchecked")
        SecureDirectoryStream<Path> stream = (SecureDirectoryStream<Path>) opened;
        try {
          Object key = stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey(); // fstat
          List<Integer> ours = OpenDescriptors.openedSince(before, key);
          if (ours.size() == 1 || ours.size() == 2) {
            return new DirectoryHandle(stream, ours.get(0), key);
          }
        } catch (IOException | RuntimeException e) {
          stream.close();
          throw e;
        }
        stream.close(); // ambiguous: someone else's descriptor of the same directory appeared too
      }
      throw new IOException(what + ": cannot tell the open directory's descriptor in " + OpenDescriptors.PROC_SELF_FD + " from others");
    }
  }

  SecureDirectoryStream<Path> stream() {
    return stream;
  }

  /** {@code /proc/self/fd/N}: the open directory itself. */
  Path self() {
    return OpenDescriptors.path(fd);
  }

  /** {@code /proc/self/fd/N/name}: an entry looked up in the open directory, never by its name's parents. */
  Path entry(String name) {
    return self().resolve(name);
  }

  Object fileKey() {
    return fileKey;
  }

  /** {@code fstat(2)} of the open directory: mode, uid, link count, identity. */
  Map<String, Object> fstat() throws IOException {
    return OpenDescriptors.fstat(fd);
  }

  /** What is at {@code name} in the open directory, not following a symbolic link. */
  PathInspection lstat(String name) throws IOException {
    return PathInspection.lstatOrNothing(entry(name));
  }

  /** The names in the open directory ({@code .} and {@code ..} aside). A stream can be read once only. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    for (Path entry : stream) {
      names.add(entry.getFileName().toString());
    }
    return names;
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      // a directory descriptor's close does not fail in a way we could act on
    }
  }
}
