package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh directory of mode 0700 beside the socket path, in which the socket is bound, given its
 * final mode and group and put to listening before it is linked to its final name (spec 2.3.2).
 *
 * <p>It is reached only through its own descriptor M ({@code /proc/self/fd/M/s}), opened with
 * {@code O_NOFOLLOW} right after {@code mkdir} and checked with {@code fstat}: a directory of our
 * effective uid, no group or other permission bits, empty. Only its owner (and root) can create
 * entries in it, so {@code s} in it is our socket whatever another user does to the directory
 * around it: if they rename it aside and put a link to a directory of their own in its place,
 * nothing here looks at that name again (2.5.1). The descriptor path is also short, so binding
 * costs no {@code sun_path} room (2.1.3).
 *
 * <p>Its name is recorded in the start lock before it is created, so that the next start can
 * remove it if this one is killed (3.5.2, {@link CrashLeftovers}). mkdir fails on any existing
 * entry (a planted directory or link included), and then another name is tried.
 *
 * <p>It is created with {@code mkdir(2)} and chmod-ed at most through its descriptor, keeping the
 * set-group-ID bit, so a set-group-ID directory's group passes through it to the socket (2.3.3).
 */
final class PrivateDirectory implements AutoCloseable {
  static final String SOCKET_NAME = "s";
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int RANDOM_CHARS = 4;
  private static final int ATTEMPTS = 64;

  private final DirectoryHandle parent;
  private final String name;
  private final DirectoryHandle handle;
  private boolean removed;

  private PrivateDirectory(DirectoryHandle parent, String name, DirectoryHandle handle) {
    this.parent = parent;
    this.name = name;
    this.handle = handle;
  }

  static PrivateDirectory createIn(DirectoryHandle parent, StartLock lock, int euid) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String name = randomName();
      lock.record(name); // before mkdir: a SIGKILL from here on leaves a record the next start acts on
      try {
        Files.createDirectory(parent.entry(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        last = e; // somebody else's entry: never touch it, pick another name
        continue;
      }
      DirectoryHandle handle;
      try {
        handle = parent.openChild(name);
      } catch (IOException e) {
        last = e; // swapped for a link or a file between mkdir and open: leave it, try another name
        continue;
      }
      PrivateDirectory created = new PrivateDirectory(parent, name, handle);
      try {
        if (created.isOursAndEmpty(euid)) {
          return created;
        }
      } catch (IOException | RuntimeException e) {
        created.forget();
        throw e;
      }
      created.forget(); // someone else's directory at our name: not ours to remove
      last = new IOException(parent.entry(name) + " was replaced by a directory that is not ours");
    }
    throw new IOException("could not create a private directory beside the socket", last);
  }

  /**
   * Checks the open directory itself (fstat through M) and sets its owner bits if the umask took
   * them away (under a umask such as 177, mkdir gives 0600, in which a non-root owner cannot bind).
   */
  private boolean isOursAndEmpty(int euid) throws IOException {
    Map<String, Object> stat = handle.fstat();
    int mode = (Integer) stat.get("mode");
    if (FileKind.ofMode(mode) != FileKind.DIRECTORY || (Integer) stat.get("uid") != euid || (mode & 077) != 0) {
      return false;
    }
    if ((mode & 0700) != 0700) {
      // chmod through the descriptor; unix:mode keeps the set-group-ID bit (a PosixFilePermission set would drop it)
      Files.setAttribute(handle.self(), "unix:mode", (mode & 07000) | 0700);
    }
    return handle.names().isEmpty();
  }

  private static String randomName() {
    StringBuilder name = new StringBuilder(".c");
    for (int i = 0; i < RANDOM_CHARS; i++) {
      name.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
    }
    return name.toString();
  }

  /** {@code /proc/self/fd/M/s}: where to bind, chmod and chgrp the socket, and link it from. */
  Path socket() {
    return handle.entry(SOCKET_NAME);
  }

  /** Hard-links the socket to {@code finalName} in the parent; fails if anything is there (link(2) never replaces). */
  void linkTo(String finalName) throws IOException {
    Files.createLink(parent.entry(finalName), socket());
  }

  /** Renames the socket over {@code finalName} in the parent ({@code renameat(M, "s", N, name)}). */
  void renameOver(String finalName) throws IOException {
    handle.stream().move(Path.of(SOCKET_NAME), parent.stream(), Path.of(finalName));
  }

  /**
   * Removes the socket's private name (if still there) and the directory, if the name still is
   * this directory. Idempotent.
   */
  @Override
  public void close() {
    if (removed) {
      return;
    }
    removed = true;
    try {
      handle.stream().deleteFile(Path.of(SOCKET_NAME));
    } catch (IOException e) {
      // gone already (renamed into place), or never bound
    }
    try {
      removeDirectoryIfStillAt(parent, name, handle.fileKey());
    } catch (IOException e) {
      System.err.println("ctlsock-server: could not remove private directory " + name + ": " + e);
    } finally {
      handle.close();
    }
  }

  /** Closes the descriptor without removing anything (the directory is not ours). */
  private void forget() {
    removed = true;
    handle.close();
  }

  /** {@code rmdir} of {@code name} relative to {@code parent}, if it still is the directory with {@code key}. */
  static void removeDirectoryIfStillAt(DirectoryHandle parent, String name, Object key) throws IOException {
    PathInspection now = parent.lstat(name);
    if (now.kind() == FileKind.DIRECTORY && key.equals(now.fileKey())) {
      // An rmdir that loses a race to a swap removes, at worst, an empty directory that the
      // swapper could have removed itself: rmdir never follows links and never removes content.
      parent.stream().deleteDirectory(Path.of(name));
    }
  }
}
