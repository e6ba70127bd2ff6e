package org.ctlsock.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** What lstat says about a path: the facts a test compares before and after. */
public record FileFacts(int mode, Object fileKey, int gid, int uid, long mtimeNanos, long size) {
  public static FileFacts of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:mode,fileKey,gid,uid,lastModifiedTime,size", LinkOption.NOFOLLOW_LINKS);
    return new FileFacts(
        (Integer) a.get("mode"),
        a.get("fileKey"),
        (Integer) a.get("gid"),
        (Integer) a.get("uid"),
        ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS),
        (Long) a.get("size"));
  }

  /** The facts, or null when nothing is at the path. */
  public static FileFacts orNull(Path path) {
    try {
      return of(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int permissions() {
    return mode & 0777;
  }

  public boolean isSocket() {
    return (mode & 0170000) == 0140000;
  }
}
