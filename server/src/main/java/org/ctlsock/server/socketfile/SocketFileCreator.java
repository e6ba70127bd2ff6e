package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Creates the listening socket file the way spec sections 2 and 3 require:
 *
 * <ol>
 *   <li>look at the path without following links: nothing, a socket, or anything else (refused,
 *       left untouched);
 *   <li>probe a socket by connecting: live is refused and left alone, refused means stale;
 *   <li>bind in a fresh private 0700 directory beside the path (junixsocket's own existing-file
 *       handling and its chmod 0666 thus only ever see our private name), set the final mode and
 *       group, listen;
 *   <li>put the socket at its final name without clobbering anything: hard-link it when the path
 *       was empty (link fails if something appeared meanwhile), or rename it over the stale
 *       socket after checking it still is the very socket (same inode) that was probed;
 *   <li>remove the private directory and remember the socket's inode for shutdown.
 * </ol>
 *
 * On any failure nothing is left behind and the path is as it was.
 */
public final class SocketFileCreator {
  private static final int PROBE_TIMEOUT_MILLIS = 2000;
  private static final int PLACE_ATTEMPTS = 4;

  private final SocketPath target;
  private final int mode;
  private final GroupPrincipal group;
  private final int backlog;
  private final LivenessProbe probe = new LivenessProbe(PROBE_TIMEOUT_MILLIS);

  /**
   * @param mode the final permission bits (0 to 0777)
   * @param group the final group, or {@code null} to keep the one the file system gives
   */
  public SocketFileCreator(SocketPath target, int mode, GroupPrincipal group, int backlog) {
    this.target = target;
    this.mode = mode;
    this.group = group;
    this.backlog = backlog;
  }

  public ListeningSocket create() throws StartupException {
    checkRoomForPrivateDirectory();
    checkDirectory();
    Object staleKey = classify(PathInspection.of(target.path()));

    PrivateDirectory privateDir = createPrivateDirectory();
    AFUNIXServerSocket server = null;
    try {
      server = bindAndListen(privateDir.socket());
      setModeAndGroup(privateDir.socket());
      Object ourKey = PathInspection.lstat(privateDir.socket()).fileKey();
      placeAtFinalPath(privateDir.socket(), staleKey);
      privateDir.close();
      return new ListeningSocket(server, new SocketFileOwnership(target.path(), ourKey));
    } catch (StartupException e) {
      closeQuietly(server);
      throw e;
    } catch (IOException e) {
      closeQuietly(server);
      if (isPermissionDenied(e)) {
        throw new StartupException(Reason.PERMISSION_DENIED, target + ": permission denied creating the socket: " + reasonOf(e), e);
      }
      throw new StartupException(Reason.OTHER, target + ": could not create the socket: " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(server);
      throw new StartupException(Reason.OTHER, target + ": could not create the socket: " + e, e);
    } finally {
      privateDir.close();
    }
  }

  private void checkRoomForPrivateDirectory() throws StartupException {
    int privateLength = SocketPath.bytesOf(target.sibling(".cxxxx").resolve(PrivateDirectory.SOCKET_NAME)).length;
    int limit = PlatformLimits.maxSunPathBytes();
    if (privateLength > limit) {
      throw new StartupException(
          Reason.BAD_PATH,
          target + ": the socket path is " + target.byteLength() + " bytes long, but binding it safely"
              + " in a private directory beside it needs " + privateLength + " bytes; the limit is "
              + limit + " bytes (a path of up to " + (limit - PrivateDirectory.extraBytes())
              + " bytes always fits)");
    }
  }

  private void checkDirectory() throws StartupException {
    Path dir = target.directory();
    try {
      if (!Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).isDirectory()) {
        throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " is not a directory");
      }
    } catch (NoSuchFileException e) {
      throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new StartupException(Reason.PERMISSION_DENIED, target + ": permission denied on its directory " + dir, e);
    } catch (StartupException e) {
      throw e;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " is not a directory", e);
      }
      throw new StartupException(Reason.OTHER, target + ": cannot look at its directory " + dir + ": " + e, e);
    }
  }

  /**
   * Decides from what is at the path whether we may go on.
   *
   * @return the file key of a stale socket to replace, or {@code null} when the path is empty
   */
  private Object classify(PathInspection found) throws StartupException {
    switch (found.kind()) {
      case NOTHING:
        return null;
      case SOCKET:
        return classifySocket(found);
      default:
        throw new StartupException(
            Reason.NOT_A_SOCKET,
            target + ": " + found.kind().words() + " is there, not a socket; leaving it alone and not starting");
    }
  }

  private Object classifySocket(PathInspection found) throws StartupException {
    LivenessProbe.Verdict verdict;
    try {
      verdict = probe.probe(target.path());
    } catch (IOException e) {
      throw new StartupException(Reason.OTHER, target + ": cannot tell whether a server listens there: " + e.getMessage(), e);
    }
    switch (verdict) {
      case LIVE:
        throw new StartupException(Reason.IN_USE, target + ": a live server is listening there; not taking it over");
      case PERMISSION_DENIED:
        throw new StartupException(
            Reason.PERMISSION_DENIED, target + ": a socket is there and connecting to it is not permitted, so it cannot be probed; leaving it alone");
      case GONE:
        return null;
      case STALE:
      default:
        return found.fileKey();
    }
  }

  private PrivateDirectory createPrivateDirectory() throws StartupException {
    try {
      return PrivateDirectory.createBeside(target);
    } catch (AccessDeniedException e) {
      throw new StartupException(
          Reason.PERMISSION_DENIED, target + ": permission denied creating files in its directory " + target.directory(), e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Read-only file system")) {
        throw new StartupException(Reason.PERMISSION_DENIED, target + ": its directory is on a read-only file system", e);
      }
      throw new StartupException(Reason.OTHER, target + ": cannot create a private directory beside it: " + e, e);
    }
  }

  private AFUNIXServerSocket bindAndListen(Path privateSocket) throws IOException {
    AFUNIXServerSocket bound = AFUNIXServerSocket.newInstance();
    try {
      // Never take over an address, never delete on close: the path's fate is ours to decide.
      bound.setReuseAddress(false);
      bound.setDeleteOnClose(false);
      bound.bind(AFUNIXSocketAddress.of(SocketPath.bytesOf(privateSocket)), backlog); // binds and listens
      return detachFromBindPath(bound);
    } catch (IOException | RuntimeException e) {
      closeQuietly(bound);
      throw e;
    }
  }

  /**
   * junixsocket remembers the inode at the path it bound and, before every accept, closes the
   * server socket if that path no longer holds it (its guard against being taken over). Our
   * socket is bound at the private name, which goes away once the socket is at its final path.
   * A socket adopted from a duplicate of the file descriptor carries no such inode, so it keeps
   * accepting. The original must stay open (closing it shuts the shared socket down), so it is
   * closed together with the adopted one.
   */
  private static AFUNIXServerSocket detachFromBindPath(AFUNIXServerSocket bound) throws IOException {
    AFUNIXServerSocket adopted = FileDescriptorCast.duplicating(bound.getFileDescriptor()).as(AFUNIXServerSocket.class);
    adopted.setDeleteOnClose(false);
    adopted.addCloseable(bound);
    return adopted;
  }

  private void setModeAndGroup(Path privateSocket) throws IOException {
    // Follow links is fine (and needed: Linux cannot chmod a socket through O_NOFOLLOW): this is
    // our own socket in our own 0700 directory.
    Files.setPosixFilePermissions(privateSocket, Modes.toPermissions(mode));
    if (group != null) {
      try {
        Files.getFileAttributeView(privateSocket, PosixFileAttributeView.class).setGroup(group);
      } catch (IOException e) {
        throw new StartupException(
            Reason.GROUP, target + ": cannot give the socket the group " + group.getName() + ": " + reasonOf(e), e);
      }
    }
  }

  private void placeAtFinalPath(Path privateSocket, Object staleKey) throws IOException {
    Path path = target.path();
    for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
      if (staleKey == null) {
        try {
          Files.createLink(path, privateSocket); // link(2): fails if anything is at the path
          return;
        } catch (FileAlreadyExistsException e) {
          staleKey = classify(PathInspection.of(path)); // something appeared meanwhile
        } catch (AccessDeniedException e) {
          throw new StartupException(Reason.PERMISSION_DENIED, target + ": permission denied creating the socket", e);
        }
      } else {
        PathInspection now = PathInspection.of(path);
        if (now.isSameSocketAs(staleKey)) {
          // rename(2) replaces the stale socket atomically: the path is never missing.
          try {
            Files.move(privateSocket, path, StandardCopyOption.ATOMIC_MOVE);
          } catch (AccessDeniedException e) {
            throw new StartupException(
                Reason.PERMISSION_DENIED,
                target + ": permission denied replacing the stale socket (a sticky directory and another user's socket?)", e);
          }
          return;
        }
        staleKey = classify(now); // changed since the probe: decide again
      }
    }
    throw new StartupException(Reason.IN_USE, target + ": the path keeps changing while the server starts; not starting");
  }

  private static boolean isPermissionDenied(IOException e) {
    String message = String.valueOf(e.getMessage());
    return e instanceof AccessDeniedException || message.contains("Permission denied") || message.contains("Operation not permitted");
  }

  private static String reasonOf(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException) {
      String reason = ((java.nio.file.FileSystemException) e).getReason();
      if (reason != null) {
        return reason;
      }
    }
    return message == null ? e.toString() : message;
  }

  private static void closeQuietly(AFUNIXServerSocket server) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }
}
