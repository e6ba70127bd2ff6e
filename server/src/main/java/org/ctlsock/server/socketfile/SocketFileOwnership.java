package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's claim on its socket path: the device and inode of the socket it created. At
 * shutdown the path is removed only if it still is that socket (spec 3.4.2), so a server started
 * later on the same path keeps its socket.
 */
public final class SocketFileOwnership {
  private final Path path;
  private final Object fileKey;
  private boolean released;

  SocketFileOwnership(Path path, Object fileKey) {
    this.path = path;
    this.fileKey = fileKey;
  }

  public Path path() {
    return path;
  }

  /** Whether the path still holds our socket. */
  public boolean stillOurs() {
    try {
      return PathInspection.lstatOrNothing(path).isSameSocketAs(fileKey);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Unlinks the path if it still is our socket; leaves whatever else is there alone. Idempotent.
   *
   * @return whether it removed the path
   */
  public synchronized boolean removeIfStillOurs() {
    if (released) {
      return false;
    }
    released = true;
    // The check and the unlink are two system calls; the window between them is as short as it
    // gets without unlinkat-by-inode, which POSIX does not have.
    if (!stillOurs()) {
      return false;
    }
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      System.err.println("ctlsock-server: " + path + ": could not remove the socket: " + e.getMessage());
      return false;
    }
  }
}
