package org.ctlsock.server.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where kept-open connections wait between requests, holding no thread: one selector that one
 * thread at a time selects on. A thread that waited in a blocking read for each connection's next
 * request was woken, and switched to, once per request; the thread that selects here takes the
 * requests of every connection that has one with one wake-up, and serves them itself.
 *
 * <p>Only connections accepted through the JDK's channels can wait here ({@link #accepts}); once a
 * connection has waited here it stays non-blocking, and a thread that serves it waits for its bytes
 * with {@link ChannelWaits}.
 */
public final class IdlePoller implements Closeable {
  private final Selector selector;

  private IdlePoller(Selector selector) {
    this.selector = selector;
  }

  /** A poller, or {@code null} when the JDK's internals it needs are not exported to us. */
  public static IdlePoller openIfSupported() throws IOException {
    if (!DescriptorNumbers.available() || !ChannelWaits.available()) {
      return null;
    }
    return new IdlePoller(Selector.open());
  }

  /** Whether {@code connection} can wait here (one accepted through the JDK's channels). */
  public static boolean accepts(Connection connection) {
    return connection instanceof JdkConnection;
  }

  /**
   * Makes {@code connection} wait here for its next request; {@link #select} then hands back
   * {@code attachment}.
   *
   * @param callerSelectsNext the caller is the thread that selects next, so the selector needs no
   *     wake-up to see the connection (any other caller wakes it)
   */
  public void park(Connection connection, Object attachment, boolean callerSelectsNext) throws IOException {
    ((JdkConnection) connection).park(selector, attachment);
    if (!callerSelectsNext) {
      selector.wakeup();
    }
  }

  /**
   * Waits until some waiting connection has input (a request, or its end), or {@link #wakeUp},
   * and adds their attachments to {@code ready}. They still wait here: the caller takes each out
   * with {@link #takeOut} just before serving it, so that one it never gets to (another thread
   * took over selecting) is seen again by the next select.
   */
  public void select(List<Object> ready) throws IOException {
    selector.select();
    Set<SelectionKey> keys = selector.selectedKeys();
    for (SelectionKey key : keys) {
      ready.add(key.attachment());
    }
    keys.clear();
  }

  /** @return whether the connection was still waiting here (it has now left) */
  public boolean takeOut(Connection connection) {
    return ((JdkConnection) connection).unpark();
  }

  /** Makes a thread blocked in {@link #select} return. */
  public void wakeUp() {
    selector.wakeup();
  }

  public boolean isOpen() {
    return selector.isOpen();
  }

  /** Closes the selector and every connection still registered with it. */
  @Override
  public void close() throws IOException {
    List<SelectionKey> keys;
    try {
      keys = new ArrayList<>(selector.keys());
    } catch (RuntimeException e) { // NOPMD: closed already, or registered meanwhile: close what can be closed
      keys = List.of();
    }
    selector.close();
    for (SelectionKey key : keys) {
      try {
        key.channel().close();
      } catch (IOException e) {
        // closed already
      }
    }
  }
}
