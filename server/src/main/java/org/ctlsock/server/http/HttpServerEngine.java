package org.ctlsock.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.config.Http1Config;
import org.ctlsock.server.Limits;
import org.ctlsock.server.RequestLog;
import org.ctlsock.server.transport.Connection;
import org.ctlsock.server.transport.Listener;

/**
 * Accepts connections and serves each on its own pooled thread (Java 17 has no virtual threads):
 * a command that takes long, or a client that is slow or silent, holds only its own thread
 * (spec 4.2.5, 7.3.2, 7.4.1). One pooled thread at a time holds the accept role; having accepted
 * a connection, it passes the role to another pooled thread and serves the connection itself, so
 * no request waits for a hand-off between threads (a wake-up and a context switch per
 * connection when one accept thread handed every connection to a worker). Connections are capped
 * at {@link Limits#maxConnections()} (default
 * 1024, well above the 256 idle connections 7.3.2 asks for); timeouts are enforced by one
 * watchdog thread, so the hot path makes no timer system calls.
 */
public final class HttpServerEngine {
  private static final int THREAD_STACK_BYTES = 512 * 1024;
  private static final int CONNECTION_BUFFER_BYTES = 2048;
  private static final byte[] BUSY = busyResponse();

  private final Listener listener;
  private final Router router;
  private final Limits limits;
  private final RequestLog requestLog;
  private final Http1Config http1Config;
  private final MemoryBudget memoryBudget;
  private final FaultLog admitFaults = new FaultLog("cannot serve a new connection", false);
  private final FaultLog acceptFaults = new FaultLog("accept failed", false);
  private final FaultLog connectionFaults = new FaultLog("internal error on a connection", true);
  private final ThreadPoolExecutor workers;
  private final Set<ConnectionHandler> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final Object drained = new Object();
  private final Watchdog watchdog;
  /** The thread that holds the accept role, for {@link #drain}. */
  private volatile Thread acceptor;
  private volatile boolean closing;

  private final IdleHeapTrim heapTrim;

  /**
   * @param trimHeapWhenIdle run one full GC after a burst of requests once the server is idle,
   *     so the JVM returns the heap it grew (see {@link IdleHeapTrim})
   */
  public HttpServerEngine(
      Listener listener, Router router, Limits limits, RequestLog requestLog, boolean trimHeapWhenIdle) {
    this.listener = listener;
    this.router = router;
    this.limits = limits;
    this.requestLog = requestLog;
    this.memoryBudget = MemoryBudget.of(limits.bodyMemoryBudget());
    this.http1Config =
        Http1Config.custom()
            // Lines longer than this are refused while they arrive (414 or 431), without waiting
            // for their end; the request-line limit itself is checked exactly by the parser.
            .setMaxLineLength(Math.min(limits.maxHeadBytes(), Math.max(limits.maxRequestLineBytes(), 8192)))
            .setMaxHeaderCount(limits.maxHeaderCount() + 1) // the exact limit is checked after parsing, to answer 431
            .setMaxEmptyLineCount(10)
            // Each connection gets an input buffer and a line buffer of this size. 8 KiB (HttpCore's
            // default) made them a large part of what a new connection allocated, and a command's
            // request is a few hundred bytes: a head that does not fit is read in several pieces and
            // a body of more than 512 bytes is read straight into its array, so the size only decides
            // how many system calls an unusually large head takes.
            .setBufferSize(CONNECTION_BUFFER_BYTES)
            .build();
    AtomicInteger threadNumber = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            0,
            limits.maxConnections() + 16,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(null, r, "ctlsock-connection-" + threadNumber.incrementAndGet(), THREAD_STACK_BYTES);
              t.setDaemon(true);
              return t;
            });
    this.heapTrim = new IdleHeapTrim(trimHeapWhenIdle);
    this.watchdog = new Watchdog(connections, tickFor(limits), heapTrim);
  }

  private static byte[] busyResponse() {
    String body = "the server cannot take another connection right now; try again later\n";
    return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length() + "\r\nConnection: close\r\n\r\n" + body)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static Duration tickFor(Limits limits) {
    long shortest = Math.min(limits.idleTimeout().toMillis(), Math.min(limits.readTimeout().toMillis(), limits.writeTimeout().toMillis()));
    return Duration.ofMillis(Math.max(20, Math.min(500, shortest / 4)));
  }

  public void start() {
    watchdog.start();
    workers.execute(this::acceptRole);
  }

  Router router() {
    return router;
  }

  MemoryBudget memoryBudget() {
    return memoryBudget;
  }

  boolean isClosing() {
    return closing;
  }

  /**
   * The accept role: accepts until a connection is admitted, then serves it on this thread, the
   * role having passed to another pooled thread. Nothing may end the role but shutdown (spec
   * 7.5.1): a failure while accepting or admitting one connection (no thread can be created for
   * the role, no memory, no file descriptor) costs that connection only, this thread keeps the
   * role, and the next connection is tried as soon as it arrives.
   */
  private void acceptRole() {
    acceptor = Thread.currentThread();
    ConnectionHandler admitted = null;
    // A listener closed by anything but stopAccepting ends the role as well, rather than spin.
    while (!closing && !listener.isClosed() && admitted == null) {
      try {
        admitted = acceptOne();
      } catch (Throwable t) { // NOPMD: see above; an Error here is a resource running out
        acceptFaults.failed(t);
        pauseAfterAcceptFailure();
      }
    }
    if (admitted != null) {
      admitted.run(); // the role is with another thread now
    }
  }

  /** A connection to serve on this thread (the accept role passed on), or {@code null}: accept again. */
  private ConnectionHandler acceptOne() {
    Connection socket;
    try {
      socket = listener.accept();
    } catch (IOException e) {
      if (closing || listener.isClosed()) {
        return null;
      }
      acceptFaults.failed(e);
      pauseAfterAcceptFailure();
      return null;
    }
    acceptFaults.succeeded();
    if (socket == null) {
      return null;
    }
    if (closing) {
      closeQuietly(socket);
      return null;
    }
    return admit(socket);
  }

  /**
   * Counts the connection in, or refuses it with 503 (over the cap, no memory, no thread for the
   * accept role).
   *
   * @return the handler this thread is to run, the accept role having passed on; or {@code null}
   */
  private ConnectionHandler admit(Connection socket) {
    if (connectionCount.incrementAndGet() > limits.maxConnections()) {
      connectionCount.decrementAndGet();
      refuseBusy(socket);
      return null;
    }
    MemoryReservation memory = new MemoryReservation(memoryBudget);
    ConnectionHandler handler = null;
    try {
      if (!memory.admitConnection()) {
        connectionCount.decrementAndGet();
        refuseBusy(socket);
        return null;
      }
      handler = new ConnectionHandler(socket, this, http1Config, limits, memory);
      connections.add(handler);
      workers.execute(this::acceptRole); // the role passes on before this thread serves
      admitFaults.succeeded();
      return handler;
    } catch (Throwable t) { // NOPMD: RejectedExecution, or "unable to create native thread", or no heap
      if (handler != null) {
        connections.remove(handler);
      }
      connectionCount.decrementAndGet();
      memory.close();
      refuseBusy(socket);
      if (!(t instanceof RejectedExecutionException)) {
        admitFaults.failed(t);
      }
      return null;
    }
  }

  /** 503 and close, from the thread with the accept role: the answer fits any socket buffer, so it never blocks. */
  private static void refuseBusy(Connection socket) {
    try {
      OutputStream out = socket.outputStream();
      out.write(BUSY);
      out.flush();
    } catch (Throwable e) { // NOPMD: the client is gone, or even this failed: the close is the answer
      // closed below
    } finally {
      closeQuietly(socket);
    }
  }

  /** Too many open files and the like: do not spin, give the handlers a moment to free some. */
  private static void pauseAfterAcceptFailure() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void connectionEnded(ConnectionHandler handler) {
    if (connections.remove(handler)) {
      connectionCount.decrementAndGet();
    }
    if (closing && connections.isEmpty()) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  void logRequest(ConnectionHandler handler, String method, String name, int status, long startedNanos) {
    heapTrim.requestServed();
    RequestLog log = requestLog;
    if (log != null) {
      long uid = handler.credentials().uid();
      log.requestDone(uid, method, name, status, System.nanoTime() - startedNanos);
    }
  }

  void reportUnexpected(Throwable t) {
    connectionFaults.failed(t);
  }

  void connectionServed() {
    connectionFaults.succeeded();
  }

  /**
   * Stops accepting: closes the listening socket, so new connections are refused (spec 3.4.3),
   * and closes connections that sit idle between requests. Requests in progress go on.
   */
  public void stopAccepting() {
    closing = true;
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    for (ConnectionHandler handler : connections) {
      if (handler.state().phase() == ConnectionState.Phase.IDLE) {
        handler.abort();
      }
    }
  }

  /**
   * Waits up to {@code grace} for requests in progress to finish and be answered (3.4.1), then
   * closes whatever is left and stops the threads.
   */
  public void drain(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (drained) {
      while (!connections.isEmpty()) {
        // A handler that was reading when stopAccepting ran may go idle later: close it then.
        for (ConnectionHandler handler : connections) {
          if (handler.state().phase() == ConnectionState.Phase.IDLE) {
            handler.abort();
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          drained.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (ConnectionHandler handler : connections) {
      handler.abort();
    }
    watchdog.stop();
    workers.shutdownNow();
    Thread lastAcceptor = acceptor;
    try {
      if (lastAcceptor != null && lastAcceptor != Thread.currentThread()) {
        lastAcceptor.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int connectionCount() {
    return connectionCount.get();
  }

  /** Connections with a request in progress (arriving, running or being answered). */
  public int busyConnectionCount() {
    int busy = 0;
    for (ConnectionHandler handler : connections) {
      if (handler.state().phase() != ConnectionState.Phase.IDLE) {
        busy++;
      }
    }
    return busy;
  }

  private static void closeQuietly(Connection socket) {
    try {
      socket.close();
    } catch (Throwable e) { // NOPMD
      // nothing to do
    }
  }
}
