package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh directory of mode 0700 beside the socket path, in which the socket is bound, given its
 * final mode and group and put to listening before it is linked to its final name (spec 2.3.2).
 * Nobody else can reach the socket through it. Its name is short ({@code .c} and four random
 * characters, socket {@code s}) so that its socket path is at most 7 bytes longer than the final
 * one and every final path of up to 100 bytes fits in {@code sun_path} (2.1.3).
 *
 * <p>The name need not be unpredictable: mkdir fails on any existing entry (a planted directory
 * or symbolic link included), and then another name is tried; nothing already there is used.
 *
 * <p>It is created with {@code mkdir(2)} and never chmod-ed, so a set-group-ID directory's group
 * (and set-group-ID bit) pass through it to the socket (2.3.3).
 */
final class PrivateDirectory implements AutoCloseable {
  static final String SOCKET_NAME = "s";
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int RANDOM_CHARS = 4;
  private static final int ATTEMPTS = 64;

  private final Path directory;
  private final Path socket;
  private boolean removed;

  private PrivateDirectory(Path directory) {
    this.directory = directory;
    this.socket = directory.resolve(SOCKET_NAME);
  }

  /** How many bytes longer the private socket path is than a final path with a 1-byte name. */
  static int extraBytes() {
    return 2 + RANDOM_CHARS + 1 + SOCKET_NAME.length() - 1;
  }

  static PrivateDirectory createBeside(SocketPath target) throws IOException {
    FileAlreadyExistsException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Path candidate = target.sibling(randomName());
      try {
        Files.createDirectory(candidate, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PrivateDirectory created = new PrivateDirectory(candidate);
        try {
          ensureOwnerCanUse(candidate);
        } catch (IOException | RuntimeException e) {
          created.close();
          throw e;
        }
        return created;
      } catch (FileAlreadyExistsException e) {
        last = e; // somebody else's entry: never touch it, pick another name
      }
    }
    throw new IOException("could not find a free name for a private directory beside " + target, last);
  }

  /**
   * mkdir's mode passes through the umask: under a umask such as 177 (the usual way to get 0600
   * sockets) the directory would be 0600, which a non-root owner cannot create the socket in. The
   * owner bits are then set with chmod, keeping the set-group-ID bit the directory inherited (only
   * lost if the kernel clears it because we are not in the directory's group, which a chmod by a
   * non-member always does).
   */
  private static void ensureOwnerCanUse(Path dir) throws IOException {
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & 0700) != 0700) {
      Files.setAttribute(dir, "unix:mode", (mode & 07000) | 0700, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static String randomName() {
    StringBuilder name = new StringBuilder(".c");
    for (int i = 0; i < RANDOM_CHARS; i++) {
      name.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
    }
    return name.toString();
  }

  Path directory() {
    return directory;
  }

  Path socket() {
    return socket;
  }

  /** Removes the socket's private name (if still there) and the directory. Idempotent. */
  @Override
  public void close() {
    if (removed) {
      return;
    }
    removed = true;
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // best effort: the directory removal below reports what is left
    }
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      System.err.println("ctlsock-server: could not remove private directory " + directory + ": " + e);
    }
  }
}
