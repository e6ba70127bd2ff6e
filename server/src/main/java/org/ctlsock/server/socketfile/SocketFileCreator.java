package org.ctlsock.server.socketfile;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;
import org.ctlsock.server.transport.JdkListener;
import org.ctlsock.server.transport.JunixListener;
import org.ctlsock.server.transport.Listener;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Creates the listening socket file the way spec sections 2 and 3 require, safe against another
 * user who can write the directory (2.5.1) and against a twin start (2.6.1):
 *
 * <ol>
 *   <li>open the socket's directory once ({@link DirectoryHandle}); from then on every lookup is
 *       relative to that descriptor, never through the directory's name;
 *   <li>look at the path without following links: anything but a socket is refused and left
 *       untouched; a socket that answers is refused (both before the lock file exists, 2.6.2);
 *   <li>take the start lock ({@link StartLock}, {@code <name>.lock}, fcntl, held for life);
 *       another holder means another server is starting or running: refused, path untouched;
 *   <li>under the lock: remove what a killed start left ({@link CrashLeftovers}, 3.5.2), then look
 *       and probe again: now nobody else who follows 2.6.2 can change the verdict;
 *   <li>bind in a fresh private 0700 directory reached through its own descriptor
 *       ({@link PrivateDirectory}; junixsocket's own existing-file handling and its chmod 0666 thus
 *       only ever see our private name), set the final mode and group there, listen;
 *   <li>put the socket at its final name without clobbering anything: hard-link it when the path
 *       was empty (link fails if something appeared meanwhile), or rename it over the stale
 *       socket after checking it still is the very socket (same inode) that was probed;
 *   <li>remove the private directory, clear its record, and keep the directory, the lock and the
 *       socket's inode for shutdown ({@link SocketFileOwnership}).
 * </ol>
 *
 * On any failure nothing is left behind but the lock file (3.1.2), and the path is as it was.
 */
public final class SocketFileCreator {
  private static final int PROBE_TIMEOUT_MILLIS = 2000;
  private static final int PLACE_ATTEMPTS = 4;

  private final SocketPath target;
  private final String name;
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
    this.name = target.path().getFileName().toString();
    this.mode = mode;
    this.group = group;
    this.backlog = backlog;
  }

  public ListeningSocket create() throws StartupException {
    int euid = effectiveUid();
    DirectoryHandle dir = openDirectory();
    StartLock lock = null;
    boolean started = false;
    try {
      classify(dir, inspect(dir)); // refusals before the lock file exists (2.6.2)
      lock = acquireLock(dir, euid);
      String leftover = lock.recordedPrivateDirectory();
      if (leftover != null) {
        CrashLeftovers.removeRecorded(dir, leftover, euid);
        lock.clearRecord();
      }
      Object staleKey = classify(dir, inspect(dir)); // again, under the lock: this verdict holds
      ListeningSocket listening = createAndPlace(dir, lock, staleKey, euid);
      started = true;
      return listening;
    } catch (StartupException e) {
      throw e;
    } catch (IOException e) {
      throw asStartupException(e);
    } finally {
      if (!started) {
        if (lock != null) {
          lock.close();
        }
        dir.close();
      }
    }
  }

  private ListeningSocket createAndPlace(DirectoryHandle dir, StartLock lock, Object staleKey, int euid) throws StartupException {
    PrivateDirectory privateDir = createPrivateDirectory(dir, lock, euid);
    Listener server = null;
    try {
      server = bindAndListen(privateDir.socket());
      setModeAndGroup(privateDir.socket());
      Object ourKey = PathInspection.lstat(privateDir.socket()).fileKey();
      placeAtFinalPath(dir, privateDir, staleKey);
      privateDir.close();
      return new ListeningSocket(server, new SocketFileOwnership(target.path(), dir, name, ourKey, lock));
    } catch (StartupException e) {
      closeQuietly(server);
      throw e;
    } catch (IOException e) {
      closeQuietly(server);
      throw asStartupException(e);
    } catch (RuntimeException e) {
      closeQuietly(server);
      throw new StartupException(Reason.OTHER, target + ": could not create the socket: " + e, e);
    } finally {
      privateDir.close();
      try {
        lock.clearRecord(); // the private directory is gone (or was never ours to remove)
      } catch (IOException e) {
        // the next start finds the record, finds nothing at that name, and clears it
      }
    }
  }

  private StartupException asStartupException(IOException e) {
    if (isPermissionDenied(e)) {
      return new StartupException(Reason.PERMISSION_DENIED, target + ": permission denied creating the socket: " + reasonOf(e), e);
    }
    return new StartupException(Reason.OTHER, target + ": could not create the socket: " + e, e);
  }

  private int effectiveUid() throws StartupException {
    if (!OpenDescriptors.available()) {
      throw new StartupException(
          Reason.OTHER, target + ": creating the socket safely needs /proc/self/fd (Linux); use socket activation elsewhere");
    }
    try {
      return EffectiveUid.get();
    } catch (IOException | RuntimeException e) {
      throw new StartupException(Reason.OTHER, target + ": cannot tell this process's effective uid: " + e, e);
    }
  }

  private DirectoryHandle openDirectory() throws StartupException {
    Path dir = target.directory();
    try {
      return DirectoryHandle.open(dir);
    } catch (NoSuchFileException e) {
      throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " does not exist", e);
    } catch (NotDirectoryException e) {
      throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " is not a directory", e);
    } catch (AccessDeniedException e) {
      throw new StartupException(
          Reason.PERMISSION_DENIED, target + ": permission denied on its directory " + dir + " (the server needs to read, search and write it)", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        throw new StartupException(Reason.BAD_PATH, target + ": its directory " + dir + " is not a directory", e);
      }
      throw new StartupException(Reason.OTHER, target + ": cannot open its directory " + dir + ": " + e, e);
    }
  }

  private PathInspection inspect(DirectoryHandle dir) throws StartupException {
    return PathInspection.of(dir.entry(name), target.toString());
  }

  /**
   * Decides from what is at the path whether we may go on.
   *
   * @return the file key of a stale socket to replace, or {@code null} when the path is empty
   */
  private Object classify(DirectoryHandle dir, PathInspection found) throws StartupException {
    switch (found.kind()) {
      case NOTHING:
        return null;
      case SOCKET:
        return classifySocket(dir, found);
      default:
        throw new StartupException(
            Reason.NOT_A_SOCKET,
            target + ": " + found.kind().words() + " is there, not a socket; leaving it alone and not starting");
    }
  }

  private Object classifySocket(DirectoryHandle dir, PathInspection found) throws StartupException {
    LivenessProbe.Verdict verdict;
    try {
      verdict = probe.probe(probePath(dir));
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

  /** Connects through the directory's descriptor when that path fits in sun_path, else by the path given. */
  private Path probePath(DirectoryHandle dir) {
    Path viaDescriptor = dir.entry(name);
    return SocketPath.bytesOf(viaDescriptor).length <= PlatformLimits.maxSunPathBytes() ? viaDescriptor : target.path();
  }

  private StartLock acquireLock(DirectoryHandle dir, int euid) throws StartupException {
    String lockName = StartLock.nameFor(name);
    String shown = target.sibling(lockName).toString();
    try {
      return StartLock.acquire(dir, lockName, target.toString(), shown, euid);
    } catch (StartupException e) {
      throw e;
    } catch (AccessDeniedException e) {
      throw new StartupException(
          Reason.PERMISSION_DENIED, target + ": permission denied creating files in its directory " + target.directory() + " (the lock file " + shown + ")", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Read-only file system")) {
        throw new StartupException(Reason.PERMISSION_DENIED, target + ": its directory is on a read-only file system", e);
      }
      throw new StartupException(Reason.OTHER, target + ": cannot take the start lock " + shown + ": " + e, e);
    }
  }

  private PrivateDirectory createPrivateDirectory(DirectoryHandle dir, StartLock lock, int euid) throws StartupException {
    try {
      return PrivateDirectory.createIn(dir, lock, euid);
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

  /**
   * Binds and listens at the private name, through the JDK's channels when it can (the cheaper
   * accept; its bind never chmods, never takes over an address and its close never unlinks), else
   * through junixsocket.
   */
  private Listener bindAndListen(Path privateSocket) throws IOException {
    if (JdkListener.available()) {
      return JdkListener.bind(privateSocket, backlog);
    }
    return new JunixListener(bindWithJunixsocket(privateSocket));
  }

  private AFUNIXServerSocket bindWithJunixsocket(Path privateSocket) throws IOException {
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
   *
   * <p>A socket made by a cast never closes its descriptor (junixsocket cannot tell a duplicate
   * from a borrowed one), so the duplicate, which is ours, is closed here as well: without that,
   * every start and close of an embedded server left one listening descriptor open, and the
   * socket kept its backlog.
   */
  private static AFUNIXServerSocket detachFromBindPath(AFUNIXServerSocket bound) throws IOException {
    AFUNIXServerSocket adopted = FileDescriptorCast.duplicating(bound.getFileDescriptor()).as(AFUNIXServerSocket.class);
    FileDescriptor duplicate = adopted.getFileDescriptor();
    adopted.setDeleteOnClose(false);
    adopted.addCloseable(bound);
    adopted.addCloseable(() -> closeDescriptor(duplicate));
    return adopted;
  }

  /**
   * Closes a descriptor through the JDK, which also marks the {@link FileDescriptor} invalid, so
   * nothing that still holds it can reach whatever later gets the same number.
   */
  private static void closeDescriptor(FileDescriptor descriptor) throws IOException {
    if (descriptor.valid()) {
      new FileInputStream(descriptor).close();
    }
  }

  private void setModeAndGroup(Path privateSocket) throws IOException {
    // Following a link is fine (and needed: Linux cannot chmod a socket through O_NOFOLLOW): the
    // path is /proc/self/fd/M/s, our own socket in our own 0700 directory, reached through its
    // descriptor; nobody else can put anything at that name.
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

  private void placeAtFinalPath(DirectoryHandle dir, PrivateDirectory privateDir, Object staleKey) throws IOException {
    for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
      if (staleKey == null) {
        try {
          privateDir.linkTo(name); // link(2): fails if anything is at the path, replaces nothing
          return;
        } catch (FileAlreadyExistsException e) {
          staleKey = classify(dir, inspect(dir)); // something appeared meanwhile (not a server that locks)
        } catch (AccessDeniedException e) {
          throw new StartupException(Reason.PERMISSION_DENIED, target + ": permission denied creating the socket", e);
        }
      } else {
        PathInspection now = inspect(dir);
        if (now.isSameSocketAs(staleKey)) {
          // renameat(2) replaces the stale socket atomically: the path is never missing.
          try {
            privateDir.renameOver(name);
          } catch (AccessDeniedException e) {
            throw new StartupException(
                Reason.PERMISSION_DENIED,
                target + ": permission denied replacing the stale socket (a sticky directory and another user's socket?)", e);
          }
          return;
        }
        staleKey = classify(dir, now); // changed since the probe: decide again
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

  private static void closeQuietly(Closeable server) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }
}
