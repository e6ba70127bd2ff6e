package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.ctlsock.server.transport.Connection;

/**
 * HttpCore's classic HTTP/1.1 server connection, bound to an accepted AF_UNIX socket, with our
 * request parser and framing rules, strict chunk-size lines, and an input stream that reports
 * activity for the timeouts.
 */
final class ServerConnection extends DefaultBHttpServerConnection {
  private static final Socket UNCONNECTED = new Socket();

  private final Http1Config config;

  ServerConnection(Http1Config config, RequestHeadParser parser) {
    super("http", config, null, null, RequestFraming.INSTANCE, null, c -> parser, null);
    this.config = config;
  }

  @Override
  protected InputStream createContentInputStream(long length, SessionInputBuffer buffer, InputStream in) {
    if (length == ContentLengthStrategy.CHUNKED) {
      return new ChunkedInputStream(new ChunkLineChecker(buffer), in, config);
    }
    return super.createContentInputStream(length, buffer, in);
  }

  /**
   * HttpCore's {@link SocketHolder} wants a {@link Socket}, but the server only ever reaches the
   * connection through the holder's streams (it never calls HttpCore's {@code close}, timeouts or
   * endpoint details: the handler closes the connection itself and the watchdog enforces the
   * timeouts). A connection without a socket (the JDK's channels) is therefore bound with an
   * unconnected placeholder, never opened, shared by all.
   */
  void bind(Connection accepted, ConnectionState state) throws IOException {
    Socket socket = accepted.socket();
    bind(
        new SocketHolder(socket != null ? socket : UNCONNECTED) {
          @Override
          protected InputStream getInputStream(Socket s) throws IOException {
            return new ActivityInputStream(accepted.inputStream(), state);
          }

          @Override
          protected OutputStream getOutputStream(Socket s) throws IOException {
            return accepted.outputStream();
          }
        });
  }
}
