package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.RequestHeaderFieldsTooLargeException;
import org.apache.hc.core5.http.config.Http1Config;
import org.ctlsock.server.Limits;
import org.ctlsock.server.PeerCredentials;
import org.ctlsock.server.transport.Connection;
import org.ctlsock.server.transport.IdlePoller;

/**
 * Serves one connection, one request after another, on its own thread (spec 4.2): reads a head,
 * checks framing and limits, asks the router what to do, reads the body only when the command
 * needs it (sending {@code 100 Continue} first when asked), writes the response, and keeps the
 * connection open as HTTP/1.x says.
 */
final class ConnectionHandler implements Peer {
  private static final byte[] EMPTY = new byte[0];
  private static final long LINGER_NANOS = 1_000_000_000L;
  /** At least this much is drained; up to a whole largest request (a 503 or 413 before a large body). */
  private static final long LINGER_MIN_BYTES = 1 << 20;

  private final Connection socket;
  private final HttpServerEngine engine;
  private final Limits limits;
  private final ConnectionState state;
  private final Http1Config config;
  private final MemoryReservation memory;
  // Made by run(), on the connection's own thread: their buffers were a fifth of the single accept
  // thread's work per connection (a profile of one connection per request).
  private RequestHeadParser parser;
  private RequestReader reader;
  private ResponseWriter writer;
  private PeerCredentials peer;
  /** The role whose thread serves the connection now, or {@code null}: see {@link HttpServerEngine#giveUpRole}. */
  private volatile AcceptRole servedBy;
  /** The command running now (its log name), read by the monitor. */
  private volatile String runningCommand;
  /** The poller the connection waits in between requests, once it has waited (it stays there). */
  private IdlePoller poller;

  ConnectionHandler(Connection socket, HttpServerEngine engine, Http1Config config, Limits limits, MemoryReservation memory) {
    this.socket = socket;
    this.engine = engine;
    this.limits = limits;
    this.memory = memory;
    this.state =
        new ConnectionState(
            limits.idleTimeout().toNanos(), limits.readTimeout().toNanos(), limits.writeTimeout().toNanos());
    this.config = config;
  }

  ConnectionState state() {
    return state;
  }

  /** What became of the connection when {@link #serve} returned. */
  enum After {
    /** Answered, kept open, nothing more has arrived: the caller parks it in the poller. */
    IDLE,
    /** Closed and accounted for. */
    ENDED
  }

  /**
   * Serves the connection on this thread until it ends, or, when {@code mayGoIdle}, until it waits
   * for its next request after an answer with no more bytes already read (the caller then parks it
   * in the {@link IdlePoller}, and calls this again when it has input).
   * The first call, on the thread that accepted the connection, also checks the peer; it always
   * serves at least one request before the connection may go idle, so that a command on a new
   * connection (curl's way) is answered by the thread that accepted it, with no hand-off.
   */
  After serve(boolean mayGoIdle) {
    boolean linger = false;
    boolean ended = true;
    try {
      if (parser == null) {
        parser = new RequestHeadParser(config, limits.maxRequestLineBytes(), limits.maxHeadBytes(), memory);
        reader = new RequestReader(config, parser, new ActivityInputStream(socket.inputStream(), state));
        writer = new ResponseWriter(socket.outputStream());
        Response refusal = engine.router().refusal(this);
        if (refusal != null) {
          // 9.3.4: a refused peer is answered at once and cannot hold the connection; the close
          // lingers so that a request it already wrote does not turn our answer into a reset.
          long started = System.nanoTime();
          state.requestStarted();
          send(refusal, false, false, false);
          engine.logRequest(this, "-", "-", refusal.status(), started);
          linger = true;
          return After.ENDED;
        }
      }
      while (true) {
        // A connection the poller found ready is reading already (see HttpServerEngine.pollerRole);
        // after an answer the phase is WRITING, so only that first pass keeps READING.
        if (state.phase() != ConnectionState.Phase.READING) {
          state.enterIdle();
        }
        if (engine.isClosing()) {
          break;
        }
        Outcome outcome;
        try {
          outcome = serveOne();
        } finally {
          memory.endRequest();
        }
        if (outcome != Outcome.KEEP_OPEN) {
          linger = outcome == Outcome.CLOSE_AFTER_ERROR;
          break;
        }
        if (mayGoIdle && !reader.hasBufferedData()) {
          state.enterIdle();
          ended = false;
          return After.IDLE;
        }
      }
    } catch (IOException e) {
      // the peer went away or the watchdog closed the socket: nothing to answer
    } catch (Throwable e) { // NOPMD: a bug, or memory ran out: this connection closes, the server goes on (7.5)
      engine.reportUnexpected(e);
    } finally {
      if (ended) {
        end(linger);
      }
    }
    return After.ENDED;
  }

  /** Closes the connection and accounts for it: once, by whichever thread ends it. */
  void end(boolean linger) {
    try {
      close(linger);
    } catch (Throwable e) { // NOPMD: the connection must be accounted for whatever happens
      closeNow();
    }
    memory.close();
    engine.connectionEnded(this);
  }

  Connection connection() {
    return socket;
  }

  AcceptRole servedBy() {
    return servedBy;
  }

  void servedBy(AcceptRole role) {
    servedBy = role;
  }

  /** The command now running held its thread's role too long: remember it (monitor thread). */
  void commandWasSlow() {
    String name = runningCommand;
    if (name != null) {
      engine.noteSlowCommand(name);
    }
  }

  IdlePoller poller() {
    return poller;
  }

  void poller(IdlePoller home) {
    this.poller = home;
  }

  private enum Outcome {
    KEEP_OPEN,
    CLOSE,
    /** Answered before the request was read through: drain a little (lingering close), then close. */
    CLOSE_AFTER_ERROR
  }

  private Outcome serveOne() throws IOException {
    ParsedRequest request;
    try {
      request = reader.readHead();
    } catch (HttpStatusException e) {
      return fail(e.status(), e.getMessage(), "-", "-", System.nanoTime());
    } catch (RequestHeadParser.HeadRejectedException e) {
      if (e.isCutOff() && state.readTimedOut()) {
        return fail(408, "the request took too long to arrive", "-", "-", System.nanoTime());
      }
      return fail(e.status(), e.getMessage(), "-", "-", System.nanoTime());
    } catch (RequestHeaderFieldsTooLargeException | MessageConstraintException e) {
      // HttpCore's line-length and header-count limits
      int status = parser.requestLineSeen() ? 431 : 414;
      return fail(status, (status == 414 ? "request line" : "header section") + " too large: " + e.getMessage(), "-", "-", System.nanoTime());
    } catch (HttpException e) {
      return fail(400, "malformed request head: " + e.getMessage(), "-", "-", System.nanoTime());
    } catch (IOException e) {
      if (state.readTimedOut()) {
        return fail(408, "the request took too long to arrive", "-", "-", System.nanoTime());
      }
      return Outcome.CLOSE;
    }
    if (request == null) {
      if (state.readTimedOut()) {
        return fail(408, "the request took too long to arrive", "-", "-", System.nanoTime());
      }
      return Outcome.CLOSE; // the client closed the connection between requests
    }
    if (state.readTimedOut()) {
      // the watchdog cut the input: what was parsed is a truncated head, not a request
      return fail(408, "the request took too long to arrive", "-", "-", System.nanoTime());
    }
    state.requestStarted();
    long started = System.nanoTime();
    String method = request.rawMethod();
    String target = request.rawTarget();

    Header[] headers = request.fields();
    if (headers.length > limits.maxHeaderCount()) {
      return fail(431, "too many header fields: over " + limits.maxHeaderCount(), method, target, started);
    }
    for (Header header : headers) {
      if (!HttpTokens.isToken(header.getName()) || !HttpTokens.isValidFieldValue(header.getValue())) {
        return fail(400, "malformed header field (a name that is not a token, or a control byte)", method, target, started);
      }
    }
    boolean keepAlive = wantsKeepAlive(request);
    long length;
    try {
      length = RequestFraming.determineLength(headers);
    } catch (HttpStatusException e) {
      return fail(e.status(), e.getMessage(), method, target, started);
    }
    long max = limits.maxBodyBytes();
    if (length > max) {
      return fail(413, "request body too large: " + (length == Long.MAX_VALUE ? "over 10^18" : length)
          + " bytes; the limit is " + max + " bytes", method, target, started);
    }

    Route route = engine.router().route(new RequestHead(method, target), this);
    return serveBody(request, route, method, target, length, keepAlive, started);
  }

  /** Reads the body if the route wants it, runs the route and answers. */
  private Outcome serveBody(
      ParsedRequest request, Route route, String method, String target, long length, boolean keepAlive, long started)
      throws IOException {
    long max = limits.maxBodyBytes();
    byte[] body = EMPTY;
    boolean bodyLeftUnread = false;
    if (length != 0) {
      boolean expectContinue = !request.isHttp10() && expectsContinue(request);
      if (route.wantsBody() || !expectContinue) {
        try {
          if (route.wantsBody()) {
            memory.coverBody(length); // before inviting the body: 503 rather than 100 when full
            if (expectContinue) {
              sendContinue();
            }
          }
          InputStream content = reader.body(length);
          if (route.wantsBody()) {
            body = BodyReader.read(content, length, max, memory);
          } else if (!BodyReader.discard(content, max)) {
            keepAlive = false;
            bodyLeftUnread = true;
          }
        } catch (HttpStatusException e) {
          return fail(e.status(), e.getMessage(), method, target, started);
        } catch (MalformedChunkCodingException e) {
          if (state.readTimedOut()) {
            return fail(408, "the request body took too long to arrive", method, target, started);
          }
          return fail(400, "malformed chunked body: " + e.getMessage(), method, target, started);
        } catch (MessageConstraintException e) {
          return fail(400, "malformed chunked body: " + e.getMessage(), method, target, started);
        } catch (HttpException e) {
          return fail(400, "malformed request body framing: " + e.getMessage(), method, target, started);
        } catch (IOException e) {
          if (state.readTimedOut()) {
            return fail(408, "the request body took too long to arrive", method, target, started);
          }
          return Outcome.CLOSE;
        }
      } else {
        // The client waits for our word before sending the body, and the answer does not need
        // it: answer now and close, so no unread body is left on the connection (RFC 9110 10.1.1).
        // The close lingers: many clients (HttpCore's among them) send the body anyway once they
        // see a final status, and must be able to write it rather than lose our answer to EPIPE.
        keepAlive = false;
        bodyLeftUnread = true;
      }
    }

    if (state.readTimedOut()) {
      return fail(408, "the request body took too long to arrive", method, target, started);
    }
    try {
      // What the body costs once parsed, and the answer made of it, before it is parsed (7.5.2).
      memory.coverBody(body.length + route.memoryCost(body));
    } catch (HttpStatusException e) {
      return fail(e.status(), e.getMessage(), method, target, started);
    }
    state.enterRunning();
    String command = route.logName();
    runningCommand = command;
    boolean knownSlow = engine.isSlowCommand(command);
    long runStarted = 0;
    if (knownSlow) {
      // It held a role's thread too long before: pass the role on now rather than in 2 ms.
      engine.giveUpRole(this, true);
      runStarted = System.nanoTime();
    }
    Response response;
    try {
      response = route.respond(body);
    } finally {
      runningCommand = null;
      if (knownSlow && System.nanoTime() - runStarted < TakeoverMonitor.TAKEOVER_NANOS / 2) {
        // Quick this time: it was held up (a collection, a busy processor) rather than slow, or
        // its arguments made the difference. It runs on the role's thread again.
        engine.forgetSlowCommand(command);
      }
      // A handler may leave its thread interrupted (re-asserting an InterruptedException it caught).
      // The JDK's channels close the connection on an interrupted thread's next read or write, so
      // the answer would be lost: the interrupt was meant for the command, which is over.
      Thread.interrupted();
    }
    if (response.closesConnection() || engine.isClosing()) {
      keepAlive = false;
    }
    send(response, method.equals("HEAD"), keepAlive, request.isHttp10());
    engine.logRequest(this, method, route.logName(), response.status(), started);
    engine.connectionServed();
    if (keepAlive) {
      return Outcome.KEEP_OPEN;
    }
    return bodyLeftUnread ? Outcome.CLOSE_AFTER_ERROR : Outcome.CLOSE;
  }

  private Outcome fail(int status, String message, String method, String target, long started) {
    try {
      send(Response.text(status, message + "\n"), "HEAD".equals(method), false, false);
      engine.logRequest(this, method, target, status, started);
    } catch (IOException e) {
      return Outcome.CLOSE;
    }
    return Outcome.CLOSE_AFTER_ERROR;
  }

  private void sendContinue() throws IOException {
    writer.writeContinue();
  }

  private void send(Response response, boolean head, boolean keepAlive, boolean http10) throws IOException {
    state.enterWriting();
    writer.write(response, head, keepAlive, http10);
  }

  private static boolean wantsKeepAlive(ParsedRequest request) {
    boolean close = false;
    boolean keepAlive = false;
    for (Header header : request.fields()) {
      if (!header.getName().equalsIgnoreCase("Connection")) {
        continue;
      }
      for (String token : header.getValue().split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("close")) {
          close = true;
        } else if (t.equals("keep-alive")) {
          keepAlive = true;
        }
      }
    }
    if (close) {
      return false;
    }
    return !request.isHttp10() || keepAlive;
  }

  private static boolean expectsContinue(ParsedRequest request) {
    Header expect = request.firstField("Expect");
    return expect != null && expect.getValue().trim().equalsIgnoreCase("100-continue");
  }

  @Override
  public PeerCredentials credentials() {
    PeerCredentials known = peer;
    if (known == null) {
      known = socket.readCredentials();
      peer = known;
    }
    return known;
  }

  /**
   * Ends the connection from another thread (watchdog, shutdown): the serving thread's blocked read
   * or write fails, or the poller finds the connection at its end, and it is closed there.
   */
  void abort() {
    try {
      socket.abort();
    } catch (IOException e) {
      closeNow();
    }
  }

  void closeNow() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Stops the request that is arriving too slowly: its read sees end of input, then 408. */
  void stopReading() {
    try {
      socket.shutdownInput();
    } catch (IOException e) {
      abort();
    }
  }

  private void close(boolean linger) {
    if (linger && !socket.isClosed()) {
      // After an early error the client may still be sending: read a little of it before closing,
      // so that it gets to read our answer instead of a reset (the lingering close of RFC 9112 9.6).
      try {
        socket.shutdownOutput();
        state.enterWriting();
        state.extendDeadline(System.nanoTime() + LINGER_NANOS);
        InputStream in = socket.inputStream();
        byte[] scratch = new byte[16384];
        int total = 0;
        int n;
        // A client refused before its body was read (413, 503) is often still writing it: drain up to
        // one whole request within the deadline, so that it reads our answer instead of a reset.
        long most = Math.max(LINGER_MIN_BYTES, limits.maxBodyBytes() + limits.maxHeadBytes());
        while (total < most && (n = in.read(scratch)) >= 0) {
          total += n;
        }
      } catch (IOException e) {
        // closed by the watchdog or the peer: fine
      }
    }
    closeNow();
  }
}
