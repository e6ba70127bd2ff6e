package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.SessionInputBuffer;

/**
 * HttpCore's classic HTTP/1.1 server connection, bound to an accepted AF_UNIX socket, with our
 * request parser and framing rules, strict chunk-size lines, and an input stream that reports
 * activity for the timeouts.
 */
final class ServerConnection extends DefaultBHttpServerConnection {
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

  void bind(Socket socket, ConnectionState state) throws IOException {
    bind(
        new SocketHolder(socket) {
          @Override
          protected InputStream getInputStream(Socket s) throws IOException {
            return new ActivityInputStream(s.getInputStream(), state);
          }
        });
  }
}
