package org.ctlsock.server.transport;

import java.nio.ByteBuffer;

/**
 * A small direct buffer per thread, through which a connection's thread reads and writes its
 * channel.
 *
 * <p>Why: the JDK reads into and writes from a heap array through a temporary direct buffer,
 * which it takes from and gives back to a per-thread cache on every call; with a request's few
 * small reads and one write, that cache's bookkeeping was 8 % of a keep-alive request's CPU (JFR,
 * issue 15). A stream looks its thread's buffer up once, not once per call, and reads and writes
 * never overlap on one thread. Calls larger than the buffer still go through the JDK's cache, so
 * the buffer stays small on every connection thread.
 */
final class ThreadScratch {
  /** As large as most reads and writes of a command's request and answer. */
  static final int SIZE = 4 * 1024;

  private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

  /** The last caller's buffer; one object, so a caller never pairs one thread with another's buffer. */
  private Held held;

  /** This thread's buffer, cleared. */
  ByteBuffer get() {
    Thread current = Thread.currentThread();
    Held h = held;
    if (h == null || h.owner != current) {
      h = new Held(current, BUFFERS.get());
      held = h;
    }
    return h.buffer.clear();
  }

  private static final class Held {
    final Thread owner;
    final ByteBuffer buffer;

    Held(Thread owner, ByteBuffer buffer) {
      this.owner = owner;
      this.buffer = buffer;
    }
  }
}
