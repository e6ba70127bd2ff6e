package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.BasicHttpTransportMetrics;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.impl.io.ContentLengthInputStream;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;

/**
 * Reads requests off one connection with HttpCore's parsing pieces: its session input buffer, our
 * head parser ({@link RequestHeadParser}), and its content-length and chunked body streams (chunk-size
 * lines checked strictly by {@link ChunkLineChecker}).
 *
 * <p>Responses are written by {@link ResponseWriter}, so no HttpCore connection is made: its output
 * buffer, metrics and socket holder were allocated for every connection and never used.
 */
final class RequestReader {
  private final Http1Config config;
  private final RequestHeadParser parser;
  private final SessionInputBufferImpl buffer;
  private final InputStream in;

  /**
   * @param in the connection's input, as HttpCore's buffer reads it (it reports activity for the
   *     read deadline)
   */
  RequestReader(Http1Config config, RequestHeadParser parser, InputStream in) {
    this.config = config;
    this.parser = parser;
    this.in = in;
    // As HttpCore's connection makes it: a body read larger than 512 bytes bypasses the buffer.
    this.buffer = new SessionInputBufferImpl(
        new BasicHttpTransportMetrics(), config.getBufferSize(), -1, config.getMaxLineLength(), null);
  }

  /** The next request's head; {@code null} when the input ended before one began. */
  ParsedRequest readHead() throws IOException, HttpException {
    return parser.parse(buffer, in);
  }

  /** Whether bytes already read from the socket wait in the buffer (a pipelined request). */
  boolean hasBufferedData() {
    return buffer.hasBufferedData();
  }

  /**
   * The request's body as a stream that ends where the body ends.
   *
   * @param length as {@link RequestFraming} determined it from the head: a length, or {@link
   *     ContentLengthStrategy#CHUNKED}
   */
  InputStream body(long length) {
    if (length == ContentLengthStrategy.CHUNKED) {
      return new ChunkedInputStream(new ChunkLineChecker(buffer), in, config);
    }
    return new ContentLengthInputStream(buffer, in, length);
  }
}
