package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.HttpTransportMetrics;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * A {@link SessionInputBuffer} that passes everything to another one; subclasses override {@link
 * #readLine} to check the lines HttpCore reads (the request head, chunk-size lines).
 */
abstract class ForwardingSessionInputBuffer implements SessionInputBuffer {
  private SessionInputBuffer delegate;

  ForwardingSessionInputBuffer(SessionInputBuffer delegate) {
    this.delegate = delegate;
  }

  final SessionInputBuffer delegate() {
    return delegate;
  }

  final void delegateTo(SessionInputBuffer buffer) {
    delegate = buffer;
  }

  @Override
  public int readLine(CharArrayBuffer dst, InputStream in) throws IOException {
    return delegate.readLine(dst, in);
  }

  @Override
  public int length() {
    return delegate.length();
  }

  @Override
  public int capacity() {
    return delegate.capacity();
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public int read(byte[] b, int off, int len, InputStream in) throws IOException {
    return delegate.read(b, off, len, in);
  }

  @Override
  public int read(byte[] b, InputStream in) throws IOException {
    return delegate.read(b, in);
  }

  @Override
  public int read(InputStream in) throws IOException {
    return delegate.read(in);
  }

  @Override
  public HttpTransportMetrics getMetrics() {
    return delegate.getMetrics();
  }
}
