package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/**
 * Tells a live socket from a stale one by connecting to it (spec 2.2.2, 2.2.3): a process that
 * listens accepts the connection; no listener means {@code ECONNREFUSED}.
 */
final class LivenessProbe {
  enum Verdict {
    /** A process listens there (or would not say within the timeout): never take it over. */
    LIVE,
    /** Connection refused: nobody listens, the socket file is left over. */
    STALE,
    /** The path disappeared between the look and the probe. */
    GONE,
    /** We may not connect (no write permission on the socket or search on a directory). */
    PERMISSION_DENIED
  }

  private final int timeoutMillis;

  LivenessProbe(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  Verdict probe(Path path) throws IOException {
    try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
      socket.connect(AFUNIXSocketAddress.of(SocketPath.bytesOf(path)), timeoutMillis);
      return Verdict.LIVE;
    } catch (ConnectionRefusedSocketException e) {
      return Verdict.STALE;
    } catch (SocketTimeoutException e) {
      // A listener whose backlog is full: busy, but alive.
      return Verdict.LIVE;
    } catch (SocketException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("No such file")) {
        return Verdict.GONE;
      }
      if (message.contains("Permission denied") || message.contains("Operation not permitted")) {
        return Verdict.PERMISSION_DENIED;
      }
      if (message.contains("Connection refused")) {
        return Verdict.STALE;
      }
      if (message.contains("Resource temporarily unavailable") || message.contains("Protocol wrong type")) {
        // EAGAIN: the listener's backlog is full. EPROTOTYPE: a live socket of another type.
        return Verdict.LIVE;
      }
      throw e;
    }
  }
}
