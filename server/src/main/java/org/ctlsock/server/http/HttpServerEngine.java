package org.ctlsock.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.core5.http.config.Http1Config;
import org.ctlsock.server.Limits;
import org.ctlsock.server.RequestLog;
import org.ctlsock.server.transport.Connection;
import org.ctlsock.server.transport.IdlePoller;
import org.ctlsock.server.transport.Listener;

/**
 * Accepts connections and serves them on pooled threads (Java 17 has no virtual threads). A few
 * accept roles ({@link AcceptRole}, one per processor) each accept a connection and serve it on
 * the same thread, then accept again: a command's request over a new connection (curl's way) is
 * answered with no hand-off between threads, which had cost a wake-up and a context switch per
 * connection. Between requests, a connection kept open waits in an {@link IdlePoller}, holding no
 * thread, and the thread that holds that poller's role serves each request that arrives there
 * itself (a thread blocked on each connection was woken, and switched to, once per request). A connection that holds its role's thread for longer than a command's request takes
 * (a slow command, a slow or silent client, a connection kept open) keeps that thread to itself,
 * and {@link TakeoverMonitor} gives the role to a new one: a command that takes long, or a client
 * that is slow or silent, holds only its own thread (spec 4.2.5, 7.3.2, 7.4.1). All roles but one
 * start as spares, woken only while connections queue up ({@link AcceptRoles}). Connections are
 * capped at {@link Limits#maxConnections()} (default 1024, well above the 256 idle connections
 * 7.3.2 asks for); timeouts are enforced by one watchdog thread, so the hot path makes no timer
 * system calls.
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
  /** The accept roles now held; a displaced role leaves them. */
  private final AcceptRoles roles = new AcceptRoles();
  private final TakeoverMonitor takeover;
  /**
   * Where kept-open connections wait between requests: one poller per two processors, each with a
   * thread of its own; none when the JDK's channels are not used. A control socket's clients run on
   * the same machine, so they need processors too: on 2 cores, two pollers served 64 keep-alive
   * clients 10-25 % more requests a second than one, but their p99 was 2.6-3.2 ms against 1.8-2.3 ms,
   * the two threads of the server taking turns on its share of the processors (BENCHMARKS.md).
   */
  private final List<IdlePoller> pollers;
  private final AtomicInteger nextPoller = new AtomicInteger();
  private final FaultLog pollFaults = new FaultLog("waiting for requests on kept-open connections failed", false);
  /**
   * Commands that held a role's thread past the takeover the last time they ran (their log names, at
   * most {@value #MOST_SLOW_COMMANDS}): the next time one runs, its thread gives its role up first;
   * one that then runs quickly leaves the set (a preempted thread looks slow to the monitor too).
   */
  private final Set<String> slowCommands = ConcurrentHashMap.newKeySet();
  private static final int MOST_SLOW_COMMANDS = 256;
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
    this.takeover =
        new TakeoverMonitor(roles, displaced -> {
          IdlePoller poller = displaced.poller();
          if (poller != null) {
            List<Object> notReached = displaced.batchNotReached();
            workers.execute(() -> pollerRole(poller, notReached));
          } else {
            workers.execute(() -> acceptRole(false));
          }
        });
    this.pollers = openPollers(Math.max(1, roleCount() / 2));
  }

  /** One accept role per processor: as many connections served at once, with no hand-off, as can run. */
  private static int roleCount() {
    return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
  }

  private static List<IdlePoller> openPollers(int count) {
    List<IdlePoller> opened = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        IdlePoller poller = IdlePoller.openIfSupported();
        if (poller == null) {
          break;
        }
        opened.add(poller);
      }
    } catch (IOException e) {
      // no more selectors: the ones opened serve
    }
    return List.copyOf(opened); // none: every connection keeps a thread, as it does on junixsocket
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
    takeover.start();
    // All accept roles but one start as spares, until connections queue up.
    int roleCount = roleCount();
    for (int i = 0; i < roleCount; i++) {
      boolean spare = i > 0;
      workers.execute(() -> acceptRole(spare));
    }
    for (IdlePoller poller : pollers) {
      workers.execute(() -> pollerRole(poller, List.of()));
    }
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
   * An accept role: accepts a connection, serves it on this thread, and accepts again, until
   * shutdown or until the role has passed to another thread while this one served (see {@link
   * TakeoverMonitor}). Nothing may end the role but shutdown (spec 7.5.1): a failure while accepting
   * or admitting one connection (no memory, no file descriptor) costs that connection only, and the
   * next connection is tried as soon as it arrives.
   */
  private void acceptRole(boolean spare) {
    AcceptRole role = new AcceptRole(Thread.currentThread(), spare);
    roles.add(role);
    try {
      // A listener closed by anything but stopAccepting ends the role as well, rather than spin.
      while (!closing && !listener.isClosed()) {
        if (role.isSpare()) {
          LockSupport.park(this); // until another role wakes it, or shutdown
          continue;
        }
        ConnectionHandler admitted;
        long before = System.nanoTime();
        try {
          admitted = acceptOne();
        } catch (Throwable t) { // NOPMD: see above; an Error here is a resource running out
          acceptFaults.failed(t);
          pauseAfterAcceptFailure();
          continue;
        }
        if (admitted != null) {
          long accepted = System.nanoTime();
          boolean retire = roles.accepted(role, accepted - before);
          if (!serveHolding(role, admitted, accepted, canPark(admitted))) {
            return; // the role went on in another thread while this one served
          }
          if (retire) {
            roles.tryRetire(role);
          }
        }
      }
    } finally {
      roles.remove(role);
    }
  }

  /**
   * A poller role: selects on the connections that wait in {@code poller} between requests and
   * serves each request that arrives on this thread, as an accept role serves what it accepts. A
   * request that holds the thread too long makes {@link TakeoverMonitor} give the role to a new
   * thread, which selects meanwhile.
   */
  private void pollerRole(IdlePoller poller, List<Object> carried) {
    AcceptRole role = new AcceptRole(Thread.currentThread(), false, poller);
    roles.add(role);
    List<Object> ready = new ArrayList<>(carried); // served first: the batch the last thread left
    try {
      while (poller.isOpen()) {
        try {
          if (ready.isEmpty()) {
            poller.select(ready);
          }
          pollFaults.succeeded();
        } catch (java.nio.channels.ClosedSelectorException e) {
          return; // shutdown
        } catch (Throwable t) { // NOPMD: the role must outlive a failure (7.5.1)
          pollFaults.failed(t);
          pauseAfterAcceptFailure();
          continue;
        }
        for (Object waiting : ready) {
          // Its next request has begun to arrive: the idle timeout no longer applies, the read
          // timeout does, however long the connections before it in this batch take.
          ((ConnectionHandler) waiting).state().requestStarted();
        }
        for (int i = 0; i < ready.size(); i++) {
          ConnectionHandler handler = (ConnectionHandler) ready.get(i);
          if (!takeOut(poller, handler)) {
            continue; // closed meanwhile, or served already (a carried batch)
          }
          role.servingFromBatch(ready, i);
          if (!serveHolding(role, handler, System.nanoTime(), true)) {
            return; // another thread holds the role, and serves the rest of this batch first
          }
        }
        ready.clear();
      }
    } finally {
      roles.remove(role);
    }
  }

  /**
   * Takes {@code handler}'s connection out of {@code poller} to serve it on this thread.
   *
   * @return {@code false} if it had left already (closed meanwhile, or served from a carried batch),
   *     or could not be taken out: then it ends, and the role goes on (spec 7.5.1; a poller role that
   *     ended here would leave every connection waiting in its poller unserved, for good)
   */
  private boolean takeOut(IdlePoller poller, ConnectionHandler handler) {
    try {
      return poller.takeOut(handler.connection());
    } catch (Throwable t) { // NOPMD: a bug, or no memory: this connection ends, not the role
      reportUnexpected(t);
      handler.end(false);
      return false;
    }
  }

  /**
   * Serves {@code handler} on this thread, which holds {@code role}, and parks the connection if it
   * goes idle (back into its poller; the first time, into the next one in turn).
   *
   * @param since when the role started on this connection (for the monitor's takeover)
   * @return whether this thread still holds the role; {@code false}: it went to another thread
   *     meanwhile, and this one ends
   */
  private boolean serveHolding(AcceptRole role, ConnectionHandler handler, long since, boolean mayGoIdle) {
    role.startServing(handler, since);
    takeover.roleServing();
    handler.servedBy(role);
    boolean idle = handler.serve(mayGoIdle) == ConnectionHandler.After.IDLE;
    handler.servedBy(null);
    boolean stillHeld = role.finishServing();
    if (idle) {
      // Only a poller's own thread selects next; an accept role's thread, or one that lost its
      // role, must wake the poller.
      park(handler, stillHeld && role.poller() != null);
    }
    return stillHeld;
  }

  /**
   * Called on the thread that serves {@code handler} when it is about to wait for the client, or to
   * run a command known to take long: a poller's thread (and, for such a command, an accept role's
   * thread) passes its role to a new thread first, so that the other connections are not held up
   * until the monitor's takeover.
   */
  void giveUpRole(ConnectionHandler handler, boolean evenAccepting) {
    AcceptRole role = handler.servedBy();
    if (role == null || role.thread() != Thread.currentThread() || (role.poller() == null && !evenAccepting)) {
      return;
    }
    handler.servedBy(null);
    takeover.handOverNow(role);
  }

  void noteSlowCommand(String name) {
    if (slowCommands.size() < MOST_SLOW_COMMANDS) {
      slowCommands.add(name);
    }
  }

  void forgetSlowCommand(String name) {
    slowCommands.remove(name);
  }

  boolean isSlowCommand(String name) {
    return slowCommands.contains(name);
  }

  private boolean canPark(ConnectionHandler handler) {
    return !pollers.isEmpty() && IdlePoller.accepts(handler.connection());
  }

  /**
   * Puts a connection that waits for its next request into its poller (the first time, the next
   * one in turn), or ends it if it cannot wait there.
   */
  private void park(ConnectionHandler handler, boolean callerSelectsNext) {
    try {
      IdlePoller poller = handler.poller();
      if (poller == null) {
        poller = pollers.get(Math.floorMod(nextPoller.getAndIncrement(), pollers.size()));
        handler.poller(poller);
      }
      poller.park(handler.connection(), handler, callerSelectsNext);
    } catch (Throwable t) { // NOPMD: closed meanwhile (the watchdog, shutdown), or no memory
      handler.end(false);
    }
  }

  /** A connection to serve on this thread, or {@code null}: accept again. */
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
   * Counts the connection in, or refuses it with 503 (over the cap, no memory).
   *
   * @return the handler this thread is to run; or {@code null}
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
      ConnectionHandler served = handler;
      socket.beforeWaiting(() -> giveUpRole(served, false));
      connections.add(handler);
      admitFaults.succeeded();
      return handler;
    } catch (Throwable t) { // NOPMD: no heap
      if (handler != null) {
        connections.remove(handler);
      }
      connectionCount.decrementAndGet();
      memory.close();
      refuseBusy(socket);
      admitFaults.failed(t);
      return null;
    }
  }

  /** 503 and close, from a thread with an accept role: the answer fits any socket buffer, so it never blocks. */
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
    roles.wakeAllSpares();
    roles.wakeAllSpares();
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
    for (IdlePoller poller : pollers) {
      try {
        poller.close(); // and the connections waiting in it
      } catch (IOException e) {
        // closed already
      }
    }
    watchdog.stop();
    takeover.stop();
    workers.shutdownNow();
    long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      for (AcceptRole role : roles) {
        long left = joinDeadline - System.nanoTime();
        if (left > 0 && role.thread() != Thread.currentThread()) {
          role.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
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
