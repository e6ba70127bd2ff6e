package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;

/**
 * One look at a path without following a symbolic link ({@code lstat(2)}): what kind of file is
 * there and its identity (device and inode), so that later steps can tell whether it changed.
 */
record PathInspection(FileKind kind, Object fileKey) {
  static final PathInspection NOTHING = new PathInspection(FileKind.NOTHING, null);

  static PathInspection of(Path path) throws StartupException {
    return of(path, path.toString());
  }

  /**
   * Looks at {@code path} (e.g. {@code /proc/self/fd/N/name}), naming it {@code shown} in messages
   * (the path as the operator wrote it).
   */
  static PathInspection of(Path lookup, String shown) throws StartupException {
    try {
      return lstat(lookup);
    } catch (NoSuchFileException e) {
      return NOTHING;
    } catch (AccessDeniedException e) {
      throw new StartupException(
          Reason.PERMISSION_DENIED, shown + ": permission denied looking at the path (search permission on its directories is needed)", e);
    } catch (FileSystemException e) {
      if ("Not a directory".equals(e.getReason())) {
        throw new StartupException(Reason.BAD_PATH, shown + ": a component of its directory is not a directory", e);
      }
      throw new StartupException(Reason.OTHER, shown + ": cannot look at the path: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StartupException(Reason.OTHER, shown + ": cannot look at the path: " + e.getMessage(), e);
    }
  }

  /** The raw lstat, for callers that handle the exceptions themselves. */
  static PathInspection lstat(Path path) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,fileKey", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attributes.get("mode");
    return new PathInspection(FileKind.ofMode(mode), attributes.get("fileKey"));
  }

  /** lstat that answers {@link #NOTHING} when the path is gone and throws for anything else. */
  static PathInspection lstatOrNothing(Path path) throws IOException {
    try {
      return lstat(path);
    } catch (NoSuchFileException e) {
      return NOTHING;
    }
  }

  boolean isSameSocketAs(Object key) {
    return kind == FileKind.SOCKET && fileKey != null && fileKey.equals(key);
  }
}
