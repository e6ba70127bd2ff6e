package org.ctlsock.bench.ceiling;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JVM's counterpart of the nginx ceiling: every request is answered 200 with its body as it came
 * ({@code []} when it has none, which is what the reference server's {@code echo} answers to the
 * benchmark's requests), from a few event loops on the JDK's own selector and Unix-domain channels,
 * with no parsing beyond finding where a request ends and no check of the path or the body. It is not a ctlsock server and is never judged by the kit; it
 * measures what the JVM and the JDK's channels cost per connection and per request before any HTTP
 * library or command runs, so that the reference server's per-connection figures can be read against
 * what an event-driven core on the same JVM could reach at best.
 *
 * <p>Like the nginx ceiling it assumes well-behaved clients: a request head must end within 64 KiB,
 * and a client that stops reading its answers is disconnected instead of waited for.
 *
 * <p>{@code java -jar ctlsock-bench.jar ceiling [--loops N] SOCKET}; {@code bench/run-benchmarks.sh} runs it
 * through {@code bin/ctlsock-server}, so that it has the same JVM options as the reference server.
 */
public final class EventLoopCeiling implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;
  private static final byte[] HEAD = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ");
  private static final byte[] HEAD_END = ascii("\r\n\r\n");
  private static final byte[] HEAD_END_AND_CLOSE = ascii("\r\nConnection: close\r\n\r\n");
  private static final byte[] NO_ARGUMENTS = ascii("[]");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final ThreadLocal<Answerer> POOLED = ThreadLocal.withInitial(Answerer::new);

  private final ServerSocketChannel server;
  /** Where answers are made when not on the loops (null: on the loops). */
  private final ExecutorService pool;
  private final List<Selector> selectors = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closing;

  private EventLoopCeiling(ServerSocketChannel server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Binds {@code socket} (which must not exist) and starts {@code loops} event-loop threads that answer. */
  public static EventLoopCeiling start(Path socket, int loops) throws IOException {
    return start(socket, loops, false);
  }

  /**
   * Binds {@code socket} (which must not exist) and starts {@code loops} event-loop threads.
   *
   * @param pooled whether the loops hand each request to a pooled thread that answers it (as a
   *     server whose commands may take long must, so that one command holds up no other
   *     connection), instead of answering it themselves
   */
  public static EventLoopCeiling start(Path socket, int loops, boolean pooled) throws IOException {
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1: " + loops);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ExecutorService pool = pooled ? Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ceiling-pooled");
      t.setDaemon(true);
      return t;
    }) : null;
    EventLoopCeiling ceiling = new EventLoopCeiling(server, pool);
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 1024);
      server.configureBlocking(false);
      for (int i = 0; i < loops; i++) {
        Selector selector = Selector.open();
        ceiling.selectors.add(selector);
        server.register(selector, SelectionKey.OP_ACCEPT);
        Thread loop = new Thread(ceiling.new Loop(selector), "ceiling-loop-" + i);
        ceiling.threads.add(loop);
      }
    } catch (IOException | RuntimeException e) {
      ceiling.selectors.forEach(EventLoopCeiling::closeQuietly);
      closeQuietly(server);
      if (pool != null) {
        pool.shutdownNow();
      }
      throw e;
    }
    ceiling.threads.forEach(Thread::start);
    return ceiling;
  }

  /** Blocks until the loops end (they end only when closed, or on an I/O failure of a selector). */
  public void await() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }

  /**
   * Stops the loops; each closes its connections and its selector on its way out. Then closes the
   * listening socket (the path is left where it is).
   */
  @Override
  public void close() {
    closing = true;
    selectors.forEach(Selector::wakeup);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // gone already
    }
  }

  /** One selector thread: accepts what it can, and answers every complete request it reads. */
  private final class Loop implements Runnable {
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_HEAD);
    private final Answerer answerer = new Answerer();

    Loop(Selector selector) {
      this.selector = selector;
    }

    @Override
    public void run() {
      try {
        while (!closing) {
          selector.select();
          Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
          while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
              continue;
            }
            if (key.isAcceptable()) {
              acceptAll();
            } else if (key.isReadable()) {
              serve(key);
            }
          }
        }
      } catch (IOException e) {
        System.err.println("ceiling: event loop failed: " + e);
      } finally {
        closeAll();
      }
    }

    private void closeAll() {
      for (SelectionKey key : selector.keys()) {
        if (key.channel() != server) {
          closeQuietly(key.channel());
        }
      }
      closeQuietly(selector);
    }

    private void acceptAll() throws IOException {
      SocketChannel client;
      while ((client = server.accept()) != null) {
        client.configureBlocking(false);
        client.register(selector, SelectionKey.OP_READ);
      }
    }

    /**
     * Reads what arrived and answers each complete request in it, keeping an incomplete rest; or,
     * with a pool, hands what it read to a pooled thread, with the connection left out of the
     * selection until that thread has answered.
     */
    private void serve(SelectionKey key) {
      SocketChannel client = (SocketChannel) key.channel();
      byte[] rest = (byte[]) key.attachment();
      byte[] bytes = answerer.bytes;
      try {
        int kept = rest == null ? 0 : rest.length;
        if (kept > 0) {
          System.arraycopy(rest, 0, bytes, 0, kept);
        }
        in.clear().limit(MAX_HEAD - kept);
        int n = client.read(in);
        if (n < 0) {
          client.close();
          return;
        }
        in.flip().get(bytes, kept, n);
        int end = kept + n;
        if (pool == null) {
          answerer.answerAll(key, end);
          return;
        }
        byte[] arrived = Arrays.copyOf(bytes, end);
        key.interestOps(0);
        pool.execute(() -> {
          Answerer worker = POOLED.get();
          System.arraycopy(arrived, 0, worker.bytes, 0, arrived.length);
          if (worker.answerAll(key, arrived.length) && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
            selector.wakeup(); // the change takes effect at the loop's next select
          }
        });
      } catch (IOException | java.nio.channels.CancelledKeyException e) {
        closeQuietly(client);
      }
    }
  }

  /** Finds the complete requests in what a connection sent and answers each; one per thread. */
  private static final class Answerer {
    private final byte[] bytes = new byte[MAX_HEAD];
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_HEAD + 256);

    /**
     * Answers every complete request in {@code bytes[0, end)} and keeps the rest as the key's
     * attachment.
     *
     * @return whether the connection is still open
     */
    boolean answerAll(SelectionKey key, int end) {
      SocketChannel client = (SocketChannel) key.channel();
      try {
        int start = 0;
        while (start < end) {
          int used = answerOne(client, start, end);
          if (used < 0) {
            return false; // closed
          }
          if (used == 0) {
            break; // incomplete
          }
          start += used;
        }
        if (start == end) {
          key.attach(null);
        } else if (end - start >= MAX_HEAD) {
          client.close(); // a head this long is not what the ceiling measures
          return false;
        } else {
          key.attach(Arrays.copyOfRange(bytes, start, end));
        }
        return true;
      } catch (IOException e) {
        closeQuietly(client);
        return false;
      }
    }

    /** Answers the request at {@code start} if it is complete: its length, 0 if incomplete, -1 if closed. */
    private int answerOne(SocketChannel client, int start, int end) throws IOException {
      int headEnd = -1;
      for (int i = start; i + 3 < end; i++) {
        if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
          headEnd = i + 4;
          break;
        }
      }
      if (headEnd < 0) {
        return 0;
      }
      long bodyLength = 0;
      boolean close = false;
      int line = start;
      while (line < headEnd - 2) {
        int lineEnd = line;
        while (bytes[lineEnd] != '\r') {
          lineEnd++;
        }
        if (startsWithIgnoreCase(line, lineEnd, "content-length:")) {
          bodyLength = digits(line + "content-length:".length(), lineEnd);
        } else if (startsWithIgnoreCase(line, lineEnd, "connection:")) {
          close = containsIgnoreCase(line, lineEnd, "close");
        }
        line = lineEnd + 2;
      }
      if (headEnd + bodyLength > end) {
        return 0;
      }
      out.clear().put(HEAD);
      if (bodyLength == 0) {
        out.put((byte) ('0' + NO_ARGUMENTS.length)).put(close ? HEAD_END_AND_CLOSE : HEAD_END).put(NO_ARGUMENTS);
      } else {
        out.put(ascii(Long.toString(bodyLength))).put(close ? HEAD_END_AND_CLOSE : HEAD_END)
            .put(bytes, headEnd, (int) bodyLength);
      }
      client.write(out.flip());
      if (out.hasRemaining() || close) {
        client.close(); // a client that does not read its answer is not waited for
        return -1;
      }
      return (int) (headEnd + bodyLength - start);
    }

    private boolean startsWithIgnoreCase(int from, int to, String prefix) {
      if (to - from < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (Character.toLowerCase(bytes[from + i]) != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean containsIgnoreCase(int from, int to, String word) {
      for (int i = from; i + word.length() <= to; i++) {
        if (startsWithIgnoreCase(i, to, word)) {
          return true;
        }
      }
      return false;
    }

    private long digits(int from, int to) {
      long value = 0;
      for (int i = from; i < to; i++) {
        if (bytes[i] >= '0' && bytes[i] <= '9') {
          value = value * 10 + (bytes[i] - '0');
        }
      }
      return value;
    }
  }
}
