package org.ctlsock.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/**
 * Opens a junixsocket connection to a path and turns the kernel's terse errors into exceptions
 * that say what is wrong. Linux answers ECONNREFUSED both for a stale socket and for a path that is
 * not a socket at all, so the connector looks at the file to tell them apart.
 */
final class UnixSocketConnector {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final Path path;
  private final Duration connectTimeout;

  UnixSocketConnector(Path path, Duration connectTimeout) {
    this.path = path;
    this.connectTimeout = connectTimeout;
  }

  Path path() {
    return path;
  }

  AFUNIXSocket connect() throws CtlsockException {
    AFUNIXSocket socket = null;
    try {
      socket = AFUNIXSocket.newInstance();
      socket.connect(AFUNIXSocketAddress.of(path), timeoutMillis(connectTimeout));
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      throw classify(e);
    }
  }

  private CtlsockException classify(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new CtlsockTimeoutException(path + ": connecting took longer than " + connectTimeout
          + " (the server's backlog may be full)", e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Permission denied") || message.contains("EACCES")) {
      return new PermissionDeniedException(path, e);
    }
    String fileType = fileType();
    if (fileType == null || message.contains("No such file")) {
      return new ServerNotRunningException(path, ServerNotRunningException.Found.NOTHING, e);
    }
    if (!fileType.equals("socket")) {
      return new NotASocketException(path, fileType, e);
    }
    if (e instanceof ConnectionRefusedSocketException || message.contains("Connection refused")) {
      return new ServerNotRunningException(path, ServerNotRunningException.Found.STALE_SOCKET, e);
    }
    return new CtlsockConnectException(path, "cannot connect: " + message, e);
  }

  /** The type of what is at the path, following links as connect(2) does; null when nothing is. */
  private String fileType() {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return switch (mode & S_IFMT) {
        case S_IFSOCK -> "socket";
        case 0100000 -> "regular file";
        case 0040000 -> "directory";
        case 0010000 -> "FIFO";
        case 0020000 -> "character device";
        case 0060000 -> "block device";
        default -> "file of mode " + Integer.toOctalString(mode);
      };
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // Platform without "unix:" attributes or unreadable path: fall back to what NIO can tell.
      if (!Files.exists(path)) {
        return null;
      }
      if (Files.isRegularFile(path)) {
        return "regular file";
      }
      return Files.isDirectory(path) ? "directory" : "socket";
    }
  }

  static int timeoutMillis(Duration timeout) {
    if (timeout.isZero()) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  private static void closeQuietly(AFUNIXSocket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Nothing useful to do: the connect failure is what the caller needs to see.
      }
    }
  }
}
