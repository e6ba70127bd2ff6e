package org.ctlsock.server.socketfile;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;

/**
 * A socket path the operator gave, checked before anything on disk is touched (spec 2.1): not
 * empty, no NUL, representable in the file-system encoding, and no longer than the platform's
 * {@code sun_path} limit in bytes.
 */
public final class SocketPath {
  private final String text;
  private final Path path;
  private final byte[] bytes;

  private SocketPath(String text, Path path, byte[] bytes) {
    this.text = text;
    this.path = path;
    this.bytes = bytes;
  }

  /** Checks {@code raw} without touching the file system. */
  public static SocketPath of(String raw) throws StartupException {
    if (raw == null || raw.isEmpty()) {
      throw new StartupException(Reason.BAD_PATH, "(empty): the socket path is empty");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new StartupException(Reason.BAD_PATH, raw + ": the socket path contains a NUL byte");
    }
    CharsetEncoder encoder = fileSystemCharset().newEncoder();
    if (!encoder.canEncode(raw)) {
      throw new StartupException(
          Reason.BAD_PATH,
          raw + ": the socket path cannot be encoded in the file-system encoding "
              + fileSystemCharset() + " (run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
    }
    byte[] bytes = raw.getBytes(fileSystemCharset());
    int limit = PlatformLimits.maxSunPathBytes();
    if (bytes.length > limit) {
      throw new StartupException(
          Reason.BAD_PATH,
          raw + ": the socket path is " + bytes.length + " bytes long; the limit is " + limit
              + " bytes (sun_path on " + PlatformLimits.osName() + ")");
    }
    if (raw.endsWith("/")) {
      throw new StartupException(Reason.BAD_PATH, raw + ": the socket path names a directory (it ends with '/')");
    }
    Path path;
    try {
      path = Path.of(raw);
    } catch (InvalidPathException e) {
      throw new StartupException(Reason.BAD_PATH, raw + ": not a valid path: " + e.getReason());
    }
    Path name = path.getFileName();
    if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
      throw new StartupException(Reason.BAD_PATH, raw + ": the socket path names a directory");
    }
    return new SocketPath(raw, path, bytes);
  }

  /** The encoding the JVM uses for file names; what the kernel sees is these bytes. */
  static Charset fileSystemCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  static byte[] bytesOf(Path p) {
    return p.toString().getBytes(fileSystemCharset());
  }

  /** The path as given (relative paths stay relative to the working directory, spec 2.1.1). */
  public Path path() {
    return path;
  }

  /** The path's bytes in the file-system encoding: what goes into {@code sun_path}. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int byteLength() {
    return bytes.length;
  }

  /** The directory that holds the socket ({@code .} for a bare name). */
  public Path directory() {
    Path parent = path.getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /** A sibling of the socket in the same directory, written the same way (relative or not). */
  Path sibling(String name) {
    Path parent = path.getParent();
    return parent == null ? Path.of(name) : parent.resolve(name);
  }

  @Override
  public String toString() {
    return text;
  }
}
