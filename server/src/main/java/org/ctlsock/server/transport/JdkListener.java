package org.ctlsock.server.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Accepts through the JDK's own Unix-domain channel (Java 16+), in blocking mode. An accept is three
 * system calls ({@code accept}, {@code getsockname}, {@code fcntl}) and a few small objects: junixsocket's accept, by comparison, rebuilt the
 * listening address through a URL encoder and decoder, read the socket timeout, and made several
 * objects and a cleaner per connection (about half of the accept thread's time under a
 * connection-per-request load).
 *
 * <p>What the socket-file code relies on: the JDK's bind does not chmod (the socket gets {@code
 * 0777 & ~umask}; the caller then sets the exact mode), fails with {@code EADDRINUSE} when
 * anything is at the path (it never takes over or deletes an address), and closing the channel
 * never unlinks the path. {@code TransportTest} checks each of these.
 */
public final class JdkListener implements Listener {
  private final ServerSocketChannel channel;

  private JdkListener(ServerSocketChannel channel) {
    this.channel = channel;
  }

  /** Whether the JDK's channels can be used (see {@link DescriptorNumbers}). */
  public static boolean available() {
    return DescriptorNumbers.available();
  }

  /** Binds and listens at {@code path} (which must fit {@code sun_path}). */
  public static JdkListener bind(Path path, int backlog) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(path), backlog);
      return new JdkListener(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public Connection accept() throws IOException {
    SocketChannel accepted = channel.accept();
    return accepted == null ? null : new JdkConnection(accepted);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }
}
