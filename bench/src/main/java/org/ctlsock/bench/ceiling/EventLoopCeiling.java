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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVM's counterpart of the nginx ceiling: every request is answered 200 with its body as it came
 * ({@code []} when it has none, which is what the reference server's {@code echo} answers to the
 * benchmark's requests), from a few event loops on the JDK's own selector and Unix-domain channels,
 * with no parsing beyond finding where a request ends and no check of the path or the body. One path
 * is a command that takes long: {@code /sleep} waits as many milliseconds as the digits of its body
 * say (at most a minute) before it answers, to show what one slow request holds up in each
 * {@link Mode}. It is not a ctlsock server and is never judged by the kit; it
 * measures what the JVM and the JDK's channels cost per connection and per request before any HTTP
 * library or command runs, so that the reference server's per-connection figures can be read against
 * what an event-driven core on the same JVM could reach at best.
 *
 * <p>Like the nginx ceiling it assumes well-behaved clients: a request head must end within 64 KiB,
 * and a client that stops reading its answers is disconnected instead of waited for.
 *
 * <p>{@code java -jar ctlsock-bench.jar ceiling --socket PATH [--loops N] [--pool | --takeover]};
 * {@code bench/run-benchmarks.sh} runs it through {@code bin/ctlsock-server}, so that it has the same
 * JVM options as the reference server.
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

  private static final ThreadLocal<Answerer> ANSWERER = ThreadLocal.withInitial(Answerer::new);
  private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_HEAD));
  /** A loop busy with one request for longer than this is handed to a new thread (takeover mode). */
  private static final long TAKEOVER_AFTER_NANOS = 5_000_000;
  private static final long MONITOR_TICK_NANOS = 1_000_000;
  private static final int IDLE_TICKS_BEFORE_PARKING = 20;

  /** Where a loop's requests are answered. */
  public enum Mode {
    /** On the loop thread: the floor, but one slow request holds up every connection of its loop. */
    INLINE,
    /** On a pooled thread, one hand-off per request: a slow request holds up only its own connection. */
    POOL,
    /**
     * On the loop thread; a monitor that ticks only while a loop is busy hands the loop to a new thread
     * when one request has held it for longer than {@link #TAKEOVER_AFTER_NANOS}.
     */
    TAKEOVER
  }

  private final ServerSocketChannel server;
  /** Where answers are made when not on the loops (null: on the loops). */
  private final ExecutorService pool;
  private final Mode mode;
  private final List<Loop> loops = new ArrayList<>();
  /** The threads that own or have owned a loop and may still run, for close(). */
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicLong takeovers = new AtomicLong();
  private volatile Thread monitor;
  private volatile boolean monitorParked;
  private volatile boolean closing;
  private final CountDownLatch ended = new CountDownLatch(1);

  private EventLoopCeiling(ServerSocketChannel server, Mode mode) {
    this.server = server;
    this.mode = mode;
    this.pool = mode == Mode.POOL ? Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ceiling-pooled");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** Binds {@code socket} (which must not exist) and starts {@code loops} event-loop threads that answer. */
  public static EventLoopCeiling start(Path socket, int loops) throws IOException {
    return start(socket, loops, Mode.INLINE);
  }

  /** Binds {@code socket} (which must not exist) and starts {@code loops} event-loop threads. */
  public static EventLoopCeiling start(Path socket, int loops, Mode mode) throws IOException {
    if (loops < 1) {
      throw new IllegalArgumentException("loops must be at least 1: " + loops);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    EventLoopCeiling ceiling = new EventLoopCeiling(server, mode);
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 1024);
      server.configureBlocking(false);
      for (int i = 0; i < loops; i++) {
        Loop loop = ceiling.new Loop(Selector.open(), "ceiling-loop-" + i);
        ceiling.loops.add(loop);
        server.register(loop.selector, SelectionKey.OP_ACCEPT);
      }
    } catch (IOException | RuntimeException e) {
      ceiling.loops.forEach(loop -> closeQuietly(loop.selector));
      closeQuietly(server);
      if (ceiling.pool != null) {
        ceiling.pool.shutdownNow();
      }
      throw e;
    }
    ceiling.loops.forEach(Loop::startOwner);
    if (mode == Mode.TAKEOVER) {
      Thread m = new Thread(ceiling::monitor, "ceiling-monitor");
      m.setDaemon(true);
      ceiling.monitor = m;
      m.start();
    }
    return ceiling;
  }

  /** How many times a loop was handed to a new thread because one request held it too long. */
  public long takeovers() {
    return takeovers.get();
  }

  /**
   * Takeover mode: ticks while any loop is busy, hands a loop held by one request for too long to a
   * new thread, and parks once the loops have been idle for a while (a loop that then starts a
   * request wakes it: once per busy period, not once per request).
   */
  private void monitor() {
    int idleTicks = 0;
    while (!closing) {
      boolean anyBusy = false;
      long now = System.nanoTime();
      for (Loop loop : loops) {
        long since = loop.busySince.get();
        if (since > 0) {
          anyBusy = true;
          if (now - since > TAKEOVER_AFTER_NANOS) {
            loop.handOverIfStillBusy(since);
          }
        }
      }
      idleTicks = anyBusy ? 0 : idleTicks + 1;
      if (idleTicks < IDLE_TICKS_BEFORE_PARKING) {
        LockSupport.parkNanos(MONITOR_TICK_NANOS);
        continue;
      }
      monitorParked = true;
      boolean busyMeanwhile = false;
      for (Loop loop : loops) {
        busyMeanwhile |= loop.busySince.get() > 0; // a loop that went busy before seeing the flag
      }
      if (!busyMeanwhile && !closing) {
        LockSupport.park();
      }
      monitorParked = false;
      idleTicks = 0;
    }
  }

  /** Blocks until the loops end (they end only when closed, or on an I/O failure of a selector). */
  public void await() throws InterruptedException {
    ended.await();
  }

  /**
   * Stops the loops; each closes its connections and its selector on its way out. Then closes the
   * listening socket (the path is left where it is).
   */
  @Override
  public void close() {
    closing = true;
    ended.countDown();
    Thread m = monitor;
    if (m != null) {
      LockSupport.unpark(m);
    }
    loops.forEach(loop -> loop.selector.wakeup());
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

  /** What {@code busySince} holds once the monitor has handed the loop to a new thread. */
  private static final long DISPLACED = -1;

  /**
   * One selector and the thread that owns it: accepts what it can, and answers every complete
   * request it reads (or hands it to the pool). In takeover mode the owner may change: the thread
   * that was answering when the loop was handed over finishes that request, puts its connection
   * back into the selection and ends.
   */
  private final class Loop implements Runnable {
    private final Selector selector;
    private final String name;
    /** The start of the request the owner is answering, 0 between requests, or {@link #DISPLACED}. */
    final AtomicLong busySince = new AtomicLong();
    private volatile SelectionKey busyKey;

    Loop(Selector selector, String name) {
      this.selector = selector;
      this.name = name;
    }

    void startOwner() {
      Thread t = new Thread(this, name);
      threads.removeIf(old -> !old.isAlive()); // those a takeover displaced, once they have answered
      threads.add(t);
      t.start();
    }

    /**
     * Called by the monitor: if the request that began at {@code since} still holds the loop, its
     * connection sits out (its thread still answers on it) and a new thread owns the loop. The
     * connection is left out before the loop is marked displaced, so that the displaced thread's
     * putting it back always comes after.
     */
    void handOverIfStillBusy(long since) {
      SelectionKey key = busyKey;
      setInterest(key, 0);
      if (!busySince.compareAndSet(since, DISPLACED)) {
        setInterest(key, SelectionKey.OP_READ); // it finished meanwhile
        selector.wakeup();
        return;
      }
      takeovers.incrementAndGet();
      busySince.set(0);
      startOwner();
    }

    @Override
    public void run() {
      ByteBuffer in = READ_BUFFER.get();
      Answerer answerer = ANSWERER.get();
      boolean owner = true;
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
            } else if (key.isReadable() && !serve(key, in, answerer)) {
              owner = false;
              return; // the loop has a new owner: this thread ends
            }
          }
        }
      } catch (IOException | java.nio.channels.ClosedSelectorException e) {
        if (!closing) {
          System.err.println("ceiling: event loop failed: " + e);
          ended.countDown();
        }
      } finally {
        if (owner) {
          closeAll();
        }
      }
    }

    private void closeAll() {
      try {
        for (SelectionKey key : selector.keys()) {
          if (key.channel() != server) {
            closeQuietly(key.channel());
          }
        }
      } catch (java.nio.channels.ClosedSelectorException e) {
        // closed already
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
     *
     * @return whether this thread still owns the loop
     */
    private boolean serve(SelectionKey key, ByteBuffer in, Answerer answerer) {
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
          return true;
        }
        in.flip().get(bytes, kept, n);
        int end = kept + n;
        if (mode == Mode.INLINE) {
          answerer.answerAll(key, end);
          return true;
        }
        if (mode == Mode.TAKEOVER) {
          return answerWatched(key, end, answerer);
        }
        byte[] arrived = Arrays.copyOf(bytes, end);
        key.interestOps(0);
        pool.execute(() -> {
          Answerer worker = ANSWERER.get();
          System.arraycopy(arrived, 0, worker.bytes, 0, arrived.length);
          if (worker.answerAll(key, arrived.length) && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
            selector.wakeup(); // the change takes effect at the loop's next select
          }
        });
      } catch (IOException | java.nio.channels.CancelledKeyException e) {
        closeQuietly(client);
      }
      return true;
    }

    /** Answers on this thread, under the monitor's watch; false if the loop was handed over meanwhile. */
    private boolean answerWatched(SelectionKey key, int end, Answerer answerer) {
      long since = System.nanoTime() | 1; // never 0 ("idle") nor DISPLACED
      busyKey = key;
      busySince.set(since);
      if (monitorParked) {
        LockSupport.unpark(monitor); // the first request after a quiet spell
      }
      boolean open = answerer.answerAll(key, end);
      if (busySince.compareAndSet(since, 0)) {
        return true;
      }
      // Handed over while answering: the connection was left out of the selection; put it back.
      if (open) {
        setInterest(key, SelectionKey.OP_READ);
        selector.wakeup();
      }
      return false;
    }

    private void setInterest(SelectionKey key, int ops) {
      if (key == null) {
        return;
      }
      try {
        key.interestOps(ops);
      } catch (java.nio.channels.CancelledKeyException e) {
        // closed meanwhile
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
      if (containsIgnoreCase(start, Math.min(headEnd, start + 64), " /sleep ")) {
        sleepMillis(digits(headEnd, (int) (headEnd + bodyLength))); // a command that takes long
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

    private static void sleepMillis(long millis) {
      try {
        Thread.sleep(Math.min(millis, 60_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
