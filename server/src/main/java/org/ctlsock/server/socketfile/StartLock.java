package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;

/**
 * The start lock of spec 2.6.2: an {@code fcntl(2)} write lock over the whole of
 * {@code <socket name>.lock} beside the socket, held from before the path is probed until the
 * server has stopped. Two servers that both take it cannot both decide that the path is theirs
 * (2.6.1), whatever language they are written in: {@link FileChannel#tryLock()} is
 * {@code F_SETLK} on Linux, as are Python's {@code fcntl.lockf} and Go's
 * {@code syscall.FcntlFlock}. The kernel drops it when the process dies, even by SIGKILL.
 *
 * <p>The file is opened relative to the directory's descriptor with {@code O_NOFOLLOW}: a
 * symbolic link there is never followed. Before anything is written to it or locked, the open
 * descriptor's {@code fstat} must show a regular file of our effective uid with one link and no
 * group or other write bit; anything else is someone else's file and is left alone (exit 6).
 *
 * <p>The file records the name of the private directory that a start is working in (spec 3.5.2),
 * so that the next holder of the lock can remove what a killed start left behind. It is never
 * removed: a third server could otherwise lock a fresh file of the same name while the second
 * still holds the removed one.
 */
final class StartLock implements AutoCloseable {
  private static final int MAX_RECORD_BYTES = 64;

  private final FileChannel channel;
  private final FileLock lock;
  private final Object fileKey;
  private final String displayName;

  private StartLock(FileChannel channel, FileLock lock, Object fileKey, String displayName) {
    this.channel = channel;
    this.lock = lock;
    this.fileKey = fileKey;
    this.displayName = displayName;
  }

  /** The lock file's name for a socket named {@code socketName}. */
  static String nameFor(String socketName) {
    return socketName + ".lock";
  }

  /**
   * Opens (creating it if need be) and locks the lock file.
   *
   * @param socketShown the socket path as the operator wrote it, for messages
   * @param lockShown the lock file's path written the same way
   * @throws StartupException {@code IN_USE} when another server holds it; {@code PERMISSION_DENIED}
   *     when something that is not our lock file is at its name
   */
  static StartLock acquire(DirectoryHandle dir, String name, String socketShown, String lockShown, int euid)
      throws StartupException, IOException {
    String displayName = socketShown + ": the lock file " + lockShown;
    synchronized (HeldLocks.class) { // one acquisition at a time in this JVM: see HeldLocks
      FileChannel channel = open(dir, name, displayName);
      try {
        Map<String, Object> stat = fstatOf(channel, displayName);
        checkIsOurs(stat, euid, displayName);
        Object key = stat.get("fileKey");
        if (HeldLocks.isHeld(key)) {
          // Closing this channel would drop the other server's lock (POSIX locks belong to the
          // process, and any close of the file releases them): hand it to the holder instead.
          HeldLocks.parkUntilReleased(key, channel);
          channel = null;
          throw inUse(displayName);
        }
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw inUse(displayName);
        }
        HeldLocks.hold(key);
        StartLock held = new StartLock(channel, lock, key, displayName);
        channel = null;
        return held;
      } finally {
        if (channel != null) {
          channel.close();
        }
      }
    }
  }

  private static StartupException inUse(String displayName) {
    return new StartupException(
        Reason.IN_USE, displayName + " is locked: another server is starting or running on this path; not starting");
  }

  private static FileChannel open(DirectoryHandle dir, String name, String displayName) throws StartupException, IOException {
    Path file = Path.of(name);
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        // O_CREAT|O_EXCL: a fresh file, ours for sure (and never through a link).
        return (FileChannel) dir.stream().newByteChannel(
            file,
            Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // an earlier server's, or someone else's: open it without following, then check it
      }
      try {
        Set<OpenOption> existing = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return (FileChannel) dir.stream().newByteChannel(file, existing);
      } catch (NoSuchFileException e) {
        continue; // removed meanwhile: create it again
      } catch (IOException e) {
        // ELOOP (a symbolic link, O_NOFOLLOW) comes as a plain IOException, the others as FileSystemExceptions
        String reason = e instanceof FileSystemException ? String.valueOf(((FileSystemException) e).getReason()) : String.valueOf(e.getMessage());
        if (reason.contains("symbolic link") || reason.contains("Is a directory") || reason.contains("No such device")) {
          throw notOurs(displayName, reason.contains("Is a directory") ? "a directory" : "a symbolic link or a special file");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
          throw notOurs(displayName, "a file this uid may not open for writing");
        }
        throw e;
      }
    }
    throw new StartupException(Reason.IN_USE, displayName + " keeps disappearing while the server starts; not starting");
  }

  /**
   * {@code fstat} of the channel's own descriptor. The JDK does not tell a channel's descriptor
   * number, so the channel is given an improbable file offset, and the one descriptor with that
   * offset in {@code /proc/self/fdinfo} is it. A FIFO, socket or terminal cannot seek: not a lock file.
   */
  private static Map<String, Object> fstatOf(FileChannel channel, String displayName) throws IOException, StartupException {
    // 1 to 2 GiB: improbable for any other descriptor, yet below every file system's largest offset
    long marker = (1L << 30) + ThreadLocalRandom.current().nextLong(1L << 30);
    try {
      channel.position(marker); // lseek only: nothing is written
    } catch (IOException e) {
      throw notOurs(displayName, "a file that cannot seek (a FIFO, socket or device: " + e.getMessage() + ")");
    }
    OptionalInt fd = OpenDescriptors.withOffset(marker);
    channel.position(0);
    if (fd.isEmpty()) {
      throw new IOException(displayName + ": cannot find the lock file's descriptor in " + OpenDescriptors.PROC_SELF_FDINFO);
    }
    return OpenDescriptors.fstat(fd.getAsInt());
  }

  private static void checkIsOurs(Map<String, Object> stat, int euid, String displayName) throws StartupException {
    int mode = (Integer) stat.get("mode");
    FileKind kind = FileKind.ofMode(mode);
    if (kind != FileKind.REGULAR_FILE) {
      throw notOurs(displayName, kind.words());
    }
    int uid = (Integer) stat.get("uid");
    if (uid != euid) {
      throw notOurs(displayName, "a file of uid " + uid);
    }
    if (((Integer) stat.get("nlink")) != 1) {
      throw notOurs(displayName, "a file with other names (hard links)");
    }
    if ((mode & 022) != 0) {
      throw notOurs(displayName, "a file that others may write (mode " + Integer.toOctalString(mode & 07777) + ")");
    }
  }

  private static StartupException notOurs(String displayName, String what) {
    return new StartupException(
        Reason.PERMISSION_DENIED,
        displayName + " is " + what + ", not a lock file of this uid; leaving it alone and not starting");
  }

  /**
   * The private directory a killed start recorded, or {@code null}.
   *
   * @throws StartupException when the file holds something that is not a lock record (then it is
   *     not ours to change)
   */
  String recordedPrivateDirectory() throws IOException, StartupException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_RECORD_BYTES + 1);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full or end of file
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    if (buffer.position() > MAX_RECORD_BYTES || !isRecord(text)) {
      throw new StartupException(
          Reason.PERMISSION_DENIED, displayName + " holds something other than a ctlsock lock record; leaving it alone and not starting");
    }
    String name = text.strip();
    return name.isEmpty() ? null : name;
  }

  /**
   * What a lock file may hold: nothing, or the name of a private directory ({@code .c} and four
   * characters of {@code [a-z0-9]}), either optionally followed by a newline. Checked by hand, not
   * by a regular expression: compiling one costs a start some milliseconds in the interpreter.
   */
  static boolean isRecord(String text) {
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    if (end == 0) {
      return true;
    }
    if (end != 6 || !text.startsWith(".c")) {
      return false;
    }
    for (int i = 2; i < end; i++) {
      char c = text.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** Records, before it is created, the private directory a start works in (3.5.2). */
  void record(String privateDirectory) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((privateDirectory + "\n").getBytes(StandardCharsets.UTF_8)), 0);
  }

  /** Forgets the record once the private directory is gone. */
  void clearRecord() throws IOException {
    channel.truncate(0);
  }

  /** Releases the lock (closing the file, the last of our descriptors of it). Idempotent. */
  @Override
  public void close() {
    synchronized (HeldLocks.class) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        lock.release();
      } catch (IOException e) {
        // closing below releases it anyway
      }
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to do: the descriptor is gone either way
      }
      HeldLocks.release(fileKey);
    }
  }

  /**
   * The lock files this JVM holds. An {@code fcntl} lock belongs to the process, and closing any
   * descriptor of the file releases it: a second server in the same JVM that opened the file, saw
   * it locked and closed it again would unlock the first. So a descriptor of a held lock file is
   * never closed while the lock is held; it is parked here and closed with the lock.
   */
  private static final class HeldLocks {
    private static final Map<Object, List<FileChannel>> HELD = new java.util.HashMap<>();

    private HeldLocks() {}

    static boolean isHeld(Object key) {
      return HELD.containsKey(key);
    }

    static void hold(Object key) {
      HELD.put(key, new ArrayList<>());
    }

    static void parkUntilReleased(Object key, FileChannel channel) {
      HELD.get(key).add(channel);
    }

    static void release(Object key) {
      List<FileChannel> parked = HELD.remove(key);
      if (parked != null) {
        for (FileChannel channel : parked) {
          try {
            channel.close();
          } catch (IOException e) {
            // nothing more to do
          }
        }
      }
    }
  }
}
