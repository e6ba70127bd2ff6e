package org.ctlsock.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The socket's input, telling the connection state when bytes arrive (to start the read timer). */
final class ActivityInputStream extends FilterInputStream {
  private final ConnectionState state;

  ActivityInputStream(InputStream in, ConnectionState state) {
    super(in);
    this.state = state;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      state.bytesArrived();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      state.bytesArrived();
    }
    return n;
  }
}
