package org.ctlsock.server;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ctlsock.server.StartupException.Reason;
import org.ctlsock.server.dispatch.CommandRouter;
import org.ctlsock.server.dispatch.PeerAllowList;
import org.ctlsock.server.http.HttpServerEngine;
import org.ctlsock.server.socketfile.GroupLookup;
import org.ctlsock.server.socketfile.InheritedSocket;
import org.ctlsock.server.socketfile.ListeningSocket;
import org.ctlsock.server.socketfile.SocketFileCreator;
import org.ctlsock.server.socketfile.SocketPath;
import org.ctlsock.server.socketfile.Umask;

/**
 * A ctlsock server: HTTP commands over a Unix domain socket.
 *
 * <pre>{@code
 * CtlsockServer server = CtlsockServer.builder(Path.of("/run/myapp/ctl.sock"))
 *     .command(Command.of("status", (args, ctx) -> "running"))
 *     .command(Command.postOnly("reload", (args, ctx) -> { reload(); return null; }))
 *     .mode(0660)
 *     .build();
 * server.start();   // returns once the socket accepts connections
 * ...
 * server.close();   // removes the socket if still ours, stops accepting, lets requests finish
 * }</pre>
 *
 * {@link #start()} and {@link #close()} are idempotent and thread-safe. A closed server cannot be
 * started again: build a new one.
 */
public final class CtlsockServer implements AutoCloseable {
  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final Builder config;
  private final Object lock = new Object();
  private State state = State.NEW;
  private ListeningSocket listening;
  private volatile HttpServerEngine engine;

  private CtlsockServer(Builder config) {
    this.config = config;
  }

  public static Builder builder(Path socketPath) {
    return new Builder(socketPath.toString());
  }

  /** For paths given as text (the command line): checked byte for byte, never normalized. */
  public static Builder builder(String socketPath) {
    return new Builder(socketPath);
  }

  /**
   * Creates the socket file (or adopts the inherited socket) and starts serving. Returns once the
   * socket accepts connections and its path exists with its final mode and group.
   *
   * @throws StartupException when the server cannot start; nothing was left behind
   */
  public void start() throws StartupException {
    synchronized (lock) {
      if (state == State.RUNNING) {
        return;
      }
      if (state == State.CLOSED) {
        throw new IllegalStateException("this server was closed; build a new one");
      }
      ListeningSocket socket = openSocket();
      CommandRouter router =
          new CommandRouter(
              config.commands, new PeerAllowList(config.allowUids, config.allowGids), config.limits, config.tracebacks, config.queryArguments);
      HttpServerEngine started = new HttpServerEngine(socket.listener(), router, config.limits, config.requestLog, config.trimHeapWhenIdle);
      started.start();
      listening = socket;
      engine = started;
      state = State.RUNNING;
    }
  }

  private ListeningSocket openSocket() throws StartupException {
    Map<String, String> env = System.getenv();
    if (config.socketActivation && InheritedSocket.offered(env)) {
      return InheritedSocket.adopt(env, config.socketPath);
    }
    SocketPath path = SocketPath.of(config.socketPath);
    GroupPrincipal group = null;
    if (config.group != null) {
      try {
        group = GroupLookup.resolve(config.group);
      } catch (IOException e) {
        throw new StartupException(Reason.GROUP, path + ": cannot look up group " + config.group + ": " + e.getMessage(), e);
      }
      if (group == null) {
        throw new StartupException(Reason.GROUP, path + ": group " + config.group + " does not exist");
      }
    }
    int mode = config.mode != null ? config.mode : Umask.defaultSocketMode();
    return new SocketFileCreator(path, mode, group, config.backlog).create();
  }

  /**
   * Stops the server (spec 3.4): removes the socket path if it still is this server's socket,
   * while the socket still listens (3.4.4: a successor cannot have found it stale and replaced it
   * in between), then closes the listening socket so new connections are refused, lets requests
   * in progress finish within the grace period, closes every connection and releases the start
   * lock (2.6.2). Blocks until done; idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      State was = state;
      state = State.CLOSED;
      if (was == State.NEW) {
        return;
      }
      if (listening.ownsPath()) {
        listening.ownership().removeIfStillOurs();
      }
      engine.stopAccepting();
      engine.drain(config.gracePeriod);
      if (listening.ownsPath()) {
        listening.ownership().release();
      }
    }
  }

  public boolean isRunning() {
    synchronized (lock) {
      return state == State.RUNNING;
    }
  }

  /** The socket path as given. */
  public String socketPath() {
    return config.socketPath;
  }

  /** Whether this server took its socket from socket activation (and so never touches the path). */
  public boolean isSocketActivated() {
    synchronized (lock) {
      return listening != null && !listening.ownsPath();
    }
  }

  /** Connections open right now. */
  public int connectionCount() {
    HttpServerEngine running = engine;
    return running == null ? 0 : running.connectionCount();
  }

  /** Connections with a request in progress right now (arriving, running or being answered). */
  public int busyConnectionCount() {
    HttpServerEngine running = engine;
    return running == null ? 0 : running.busyConnectionCount();
  }

  /** Configures a server. */
  public static final class Builder {
    private final String socketPath;
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Set<Long> allowUids = new LinkedHashSet<>();
    private final Set<Long> allowGids = new LinkedHashSet<>();
    private Integer mode;
    private String group;
    private Limits limits = Limits.DEFAULTS;
    private TracebackPolicy tracebacks = TracebackPolicy.FULL;
    private RequestLog requestLog;
    private Duration gracePeriod = Duration.ofSeconds(8);
    private boolean socketActivation;
    private boolean queryArguments;
    private boolean trimHeapWhenIdle;
    private int backlog = 512;

    private Builder(String socketPath) {
      this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
    }

    /** Adds a command; a second command of the same name is an error. */
    public Builder command(Command command) {
      if (commands.putIfAbsent(command.name(), command) != null) {
        throw new IllegalArgumentException("two commands named " + command.name());
      }
      return this;
    }

    /** Adds a command allowed for GET, HEAD and POST. */
    public Builder command(String name, CommandHandler handler) {
      return command(Command.of(name, handler));
    }

    /** The socket's permission bits, exactly, whatever the umask (spec 9.1.1). Default: 0777 & ~umask. */
    public Builder mode(int mode) {
      if (mode < 0 || mode > 0777) {
        throw new IllegalArgumentException("mode must be 0 to 0777: " + Integer.toOctalString(mode));
      }
      this.mode = mode;
      return this;
    }

    /** The socket's group, by name or number (spec 9.2.1). Default: what the file system gives. */
    public Builder group(String nameOrGid) {
      this.group = nameOrGid;
      return this;
    }

    /** Serves peers with this uid (repeatable; spec 9.3.3). With no allow-list, every peer is served. */
    public Builder allowUid(long uid) {
      allowUids.add(uid);
      return this;
    }

    /** Serves peers with this gid (repeatable; spec 9.3.3). */
    public Builder allowGid(long gid) {
      allowGids.add(gid);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder tracebacks(TracebackPolicy policy) {
      this.tracebacks = Objects.requireNonNull(policy);
      return this;
    }

    /** Receives one record per request; none by default. */
    public Builder requestLog(RequestLog log) {
      this.requestLog = log;
      return this;
    }

    /** How long {@link #close()} lets requests in progress finish (spec 3.4.1 asks for at least 5 s). */
    public Builder gracePeriod(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("negative grace period");
      }
      this.gracePeriod = grace;
      return this;
    }

    /**
     * Serve on a socket passed by systemd-style socket activation when the environment offers one
     * (spec 9.4.1); the socket path is then never created, changed or removed. Off by default.
     */
    public Builder socketActivation(boolean enabled) {
      this.socketActivation = enabled;
      return this;
    }

    /**
     * Let {@code GET /cmd?args=J} (J a percent-encoded JSON array) carry arguments, capability
     * {@code query-args} of spec 9.5.1. Off by default: the query string is then ignored.
     */
    public Builder queryArguments(boolean enabled) {
      this.queryArguments = enabled;
      return this;
    }

    /**
     * After a burst of requests, once the server has been idle for 10 s and the heap has grown,
     * run one {@code System.gc()} so the JVM gives the memory back. Off by default (an embedding
     * application decides about its own heap); the program turns it on.
     */
    public Builder trimHeapWhenIdle(boolean enabled) {
      this.trimHeapWhenIdle = enabled;
      return this;
    }

    /** The listen backlog. */
    public Builder backlog(int backlog) {
      this.backlog = Math.max(1, backlog);
      return this;
    }

    public CtlsockServer build() {
      Builder copy = new Builder(socketPath);
      copy.commands.putAll(commands);
      copy.allowUids.addAll(allowUids);
      copy.allowGids.addAll(allowGids);
      copy.mode = mode;
      copy.group = group;
      copy.limits = limits;
      copy.tracebacks = tracebacks;
      copy.requestLog = requestLog;
      copy.gracePeriod = gracePeriod;
      copy.socketActivation = socketActivation;
      copy.queryArguments = queryArguments;
      copy.trimHeapWhenIdle = trimHeapWhenIdle;
      copy.backlog = backlog;
      return new CtlsockServer(copy);
    }
  }
}
