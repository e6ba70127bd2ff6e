package org.ctlsock.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A client connection that sends raw bytes and parses responses strictly, so tests can send
 * malformed requests and see exactly what came back. Reads time out after 10 s (a deadline for a
 * broken server, never a synchronisation device).
 */
public final class RawConnection implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final AFUNIXSocket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawConnection(AFUNIXSocket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawConnection open(Path socketPath) throws IOException {
    return new RawConnection(AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath)));
  }

  /** Bounds the next reads (a shared deadline over many connections). */
  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(Math.max(1, millis));
  }

  public RawConnection send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawConnection send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Reads one response; for a response to HEAD pass {@code head = true} (no body follows). */
  public HttpResponse read(boolean head) throws IOException {
    StringBuilder rawHead = new StringBuilder();
    String statusLine = readLine(rawHead);
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String line;
    while (!(line = readLine(rawHead)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line in response: " + line + "\n" + rawHead);
      }
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    byte[] body = new byte[0];
    List<String> length = headers.get("content-length");
    if (!head && status >= 200 && status != 204 && status != 304) {
      if (length != null) {
        body = in.readNBytes(Integer.parseInt(length.get(0)));
      } else if (headers.containsKey("transfer-encoding")) {
        throw new IOException("chunked responses are not expected from this server\n" + rawHead);
      } else {
        body = in.readAllBytes();
      }
    }
    return new HttpResponse(statusLine, status, headers, body, rawHead.toString());
  }

  public HttpResponse read() throws IOException {
    return read(false);
  }

  /** Sends a request and reads its response. */
  public HttpResponse exchange(String request) throws IOException {
    send(request);
    return read(request.startsWith("HEAD "));
  }

  /** Whether the server closed the connection (end of input) within the read timeout. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset: closed as well
    }
  }

  /** Whether the server closed within {@code millis} (shorter timeout, for "stays open" checks). */
  public boolean closedWithin(int millis) throws IOException {
    int old = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return closedByServer();
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(old);
      }
    }
  }

  private String readLine(StringBuilder rawHead) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r")) {
          s = s.substring(0, s.length() - 1);
        }
        rawHead.append(s).append("\r\n");
        return s;
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    throw new IOException("connection closed in the middle of a line: " + line.toString(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
