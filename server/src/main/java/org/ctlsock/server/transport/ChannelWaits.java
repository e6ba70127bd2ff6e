package org.ctlsock.server.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Channel;

/**
 * Waits until a non-blocking JDK channel can be read or written, with one {@code poll} system call
 * on its descriptor: the JDK's own wait for a blocking channel ({@code sun.nio.ch.SelChImpl.park}),
 * exported to us as {@link DescriptorNumbers} explains. A connection that waits between requests in
 * the {@link IdlePoller} stays non-blocking (it cannot leave the poller's selector without a system
 * call of its own), so the thread that serves one of its requests waits this way for the rest.
 *
 * <p>What wakes such a wait from another thread is a shutdown of the socket, not a close (Linux does
 * not wake a {@code poll} on a descriptor that another thread closes): see {@link Connection#abort}.
 */
final class ChannelWaits {
  private static final MethodHandle PARK = find();
  private static final int POLLIN = pollValue("POLLIN");
  private static final int POLLOUT = pollValue("POLLOUT");

  private ChannelWaits() {}

  private static MethodHandle find() {
    try {
      Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
      return MethodHandles.lookup()
          .findVirtual(selectable, "park", MethodType.methodType(void.class, int.class, long.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // not exported to us: connections stay blocking
    }
  }

  private static int pollValue(String name) {
    try {
      Class<?> net = Class.forName("sun.nio.ch.Net");
      return (short) MethodHandles.lookup().findStaticGetter(net, name, short.class).invoke();
    } catch (Throwable e) { // NOPMD: not exported to us (invoke declares Throwable)
      return -1;
    }
  }

  static boolean available() {
    return PARK != null && POLLIN > 0 && POLLOUT > 0;
  }

  static void awaitReadable(Channel channel) throws IOException {
    park(channel, POLLIN);
  }

  static void awaitWritable(Channel channel) throws IOException {
    park(channel, POLLOUT);
  }

  private static void park(Channel channel, int event) throws IOException {
    try {
      PARK.invoke(channel, event, 0L);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // NOPMD: MethodHandle.invoke declares Throwable
      throw new IOException("cannot wait for the connection", e);
    }
  }
}
