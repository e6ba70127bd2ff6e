package org.ctlsock.server.transport;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Channel;

/**
 * The file descriptor number behind one of the JDK's socket channels. The JDK reads a Unix peer's
 * credentials only as user and group names ({@code SO_PEERCRED} as a {@code UnixDomainPrincipal}),
 * without the ids or the pid the server reports, so they are read from the descriptor with
 * junixsocket's native code instead. The JDK exposes the number only through its internal
 * {@code sun.nio.ch.SelChImpl}, which the program's jar opens with {@code Add-Exports:
 * java.base/sun.nio.ch} in its manifest; an embedding application gets it with {@code
 * --add-exports java.base/sun.nio.ch=ALL-UNNAMED}. Without it the server uses junixsocket for
 * every connection (see {@code SocketFileCreator}), which works the same and costs more per connection.
 */
final class DescriptorNumbers {
  private static final MethodHandle FD_VAL = find();

  private DescriptorNumbers() {}

  private static MethodHandle find() {
    try {
      Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
      return MethodHandles.lookup().findVirtual(selectable, "getFDVal", MethodType.methodType(int.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // not exported to us: the JDK channels are not used
    }
  }

  static boolean available() {
    return FD_VAL != null;
  }

  static int of(Channel channel) {
    try {
      return (int) FD_VAL.invoke(channel);
    } catch (Throwable e) { // NOPMD: MethodHandle.invoke declares Throwable; only a foreign channel gets here
      throw new IllegalStateException("not a JDK socket channel: " + channel, e);
    }
  }
}
