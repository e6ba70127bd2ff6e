package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The server's claim on its socket path for its whole life: the open directory, the socket's name
 * in it, the device and inode of the socket it created, and the start lock (spec 2.6.2), held
 * until {@link #release()}.
 *
 * <p>At shutdown the path is removed only if it still is that socket (3.4.2), relative to the
 * directory's descriptor, and while the server still listens and holds the lock (3.4.4): no
 * successor can have found the socket stale and replaced it between the check and the unlink.
 */
public final class SocketFileOwnership {
  private final Path path;
  private final DirectoryHandle directory;
  private final String name;
  private final Object fileKey;
  private final StartLock lock;
  private boolean removed;
  private boolean released;

  SocketFileOwnership(Path path, DirectoryHandle directory, String name, Object fileKey, StartLock lock) {
    this.path = path;
    this.directory = directory;
    this.name = name;
    this.fileKey = fileKey;
    this.lock = lock;
  }

  /** The path as the operator gave it. */
  public Path path() {
    return path;
  }

  /** Whether the path still holds our socket. */
  public boolean stillOurs() {
    try {
      return directory.lstat(name).isSameSocketAs(fileKey);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Unlinks the path if it still is our socket; leaves whatever else is there alone. Call it while
   * the socket still listens (3.4.4). Idempotent.
   *
   * @return whether it removed the path
   */
  public synchronized boolean removeIfStillOurs() {
    if (removed || released) {
      return false;
    }
    removed = true;
    if (!stillOurs()) {
      return false;
    }
    try {
      directory.stream().deleteFile(Path.of(name)); // unlinkat(N, name, 0)
      return true;
    } catch (IOException e) {
      System.err.println("ctlsock-server: " + path + ": could not remove the socket: " + e.getMessage());
      return false;
    }
  }

  /** Releases the start lock and the directory's descriptor: the last step of a shutdown. Idempotent. */
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    lock.close();
    directory.close();
  }
}
