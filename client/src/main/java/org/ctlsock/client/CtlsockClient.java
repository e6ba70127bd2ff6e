package org.ctlsock.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A client for a ctlsock server: HTTP/1.1 commands over a Unix domain socket.
 *
 * <pre>{@code
 * try (CtlsockClient client = CtlsockClient.connect(Path.of("/run/app/ctl.sock"))) {
 *   Response r = client.call("echo", "a", 1);   // POST /echo  ["a",1]
 *   JsonNode args = r.json();
 *   String status = client.get("status").text(); // GET /status
 * }
 * }</pre>
 *
 * <p><b>Connections.</b> A client holds at most one connection and reuses it for every call
 * (HTTP/1.1 keep-alive). When the server closes it (a {@code Connection: close}, an idle timeout),
 * the next call opens a new one.
 *
 * <p><b>Threads.</b> A client is safe to share between threads, but it serialises calls: one
 * request is in flight at a time, on its one connection. Threads that need calls to run
 * concurrently (say, one waits on a slow command) use one client each; connections are cheap.
 *
 * <p><b>Errors.</b> {@link #call} and {@link #get} return only 200 responses. Other statuses throw a
 * {@link StatusException} that keeps the response: {@link CommandFailedException} (500, with the
 * traceback), {@link UnknownCommandException} (404), {@link MethodNotAllowedException} (405),
 * {@link BadRequestException} (400). Failing to connect throws a {@link CtlsockConnectException}:
 * {@link ServerNotRunningException}, {@link PermissionDeniedException} or
 * {@link NotASocketException}.
 */
public final class CtlsockClient implements AutoCloseable {
  /** Sent as the Host field; a Unix socket has no host and the server accepts any (clause 4.1.3). */
  private static final URIAuthority HOST = new URIAuthority("localhost");
  private static final String USER_AGENT = "ctlsock-client/1.0";

  private final UnixSocketConnector connector;
  private final Duration readTimeout;
  private final HttpRequestExecutor executor = new HttpRequestExecutor();
  /**
   * HttpCore's default client processor minus RequestExpectContinue: an "Expect: 100-continue"
   * costs a round trip on every POST for bodies that are tiny, and when the server answers early
   * (404, 405) and closes, HttpCore then writes the body anyway and loses the answer to EPIPE.
   */
  private final HttpProcessor processor = HttpProcessorBuilder.create()
      .addAll(new RequestContent(), new RequestTargetHost(), new RequestConnControl(),
          new RequestUserAgent(USER_AGENT))
      .build();

  // Guarded by "this".
  private DefaultBHttpClientConnection connection;
  private boolean connectionUsed;
  private boolean closed;
  private int connectionsOpened;

  private CtlsockClient(Builder builder) {
    this.connector = new UnixSocketConnector(builder.path, builder.connectTimeout);
    this.readTimeout = builder.readTimeout;
  }

  /** Connects to the server at {@code socketPath} with the default timeouts. */
  public static CtlsockClient connect(Path socketPath) throws CtlsockException {
    return builder(socketPath).connect();
  }

  /** A builder, to choose timeouts before connecting. */
  public static Builder builder(Path socketPath) {
    return new Builder(socketPath);
  }

  /**
   * Runs {@code command} with {@code args} as its arguments: {@code POST /command} with the
   * arguments as a JSON array (Jackson maps each argument: strings, numbers, booleans, null, lists,
   * maps, records). Without arguments the body is {@code []}, which runs the command with none.
   *
   * @return the 200 response
   * @throws StatusException for any other status (see the class comment for the subclasses)
   */
  public Response call(String command, Object... args) throws CtlsockException {
    return callWith(command, args == null ? List.of() : Arrays.asList(args));
  }

  /** As {@link #call(String, Object...)}, with the arguments as a list. */
  public Response callWith(String command, List<?> args) throws CtlsockException {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(Objects.requireNonNull(args, "args"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("arguments cannot be written as JSON: " + e.getMessage(), e);
    }
    return ok(command, exchange("POST", command, body));
  }

  /** Runs {@code command} with no arguments by {@code GET /command}. */
  public Response get(String command) throws CtlsockException {
    return ok(command, exchange("GET", command, null));
  }

  /**
   * Sends one request and returns the response whatever its status; {@code body} null sends none.
   * For callers that want to see 4xx/5xx responses as values rather than exceptions.
   */
  public Response send(String method, String command, byte[] body) throws CtlsockException {
    return exchange(method.toUpperCase(Locale.ROOT), command, body);
  }

  /** How many connections this client has opened so far: 1 as long as keep-alive holds. */
  public synchronized int connectionsOpened() {
    return connectionsOpened;
  }

  /**
   * Whether the client holds a connection that still looks open (the server has not closed it).
   * For tests that wait for a server's idle timeout.
   */
  synchronized boolean holdsLiveConnection() {
    try {
      return connection != null && connection.isOpen() && !connection.isStale();
    } catch (IOException e) {
      return false;
    }
  }

  /** The socket path this client talks to. */
  public Path socketPath() {
    return connector.path();
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropConnection();
  }

  private static Response ok(String command, Response response) throws StatusException {
    if (response.status() != 200) {
      throw StatusException.of(command, response);
    }
    return response;
  }

  private synchronized Response exchange(String method, String command, byte[] body)
      throws CtlsockException {
    String target = CommandNames.requestTarget(command);
    boolean reused = ensureConnection();
    try {
      return exchangeOnce(method, target, body);
    } catch (NoHttpResponseException e) {
      // The server closed a kept-alive connection as we sent (idle timeout). It read nothing, so
      // nothing ran; still, only a GET is repeated without asking, as HTTP allows for safe methods.
      dropConnection();
      if (reused && method.equals("GET")) {
        ensureConnection();
        try {
          return exchangeOnce(method, target, body);
        } catch (IOException | HttpException retryFailure) {
          dropConnection();
          throw translate(method, target, retryFailure);
        }
      }
      throw translate(method, target, e);
    } catch (IOException | HttpException e) {
      dropConnection();
      throw translate(method, target, e);
    }
  }

  private Response exchangeOnce(String method, String target, byte[] body)
      throws IOException, HttpException {
    ClassicHttpRequest request = new BasicClassicHttpRequest(method, target);
    request.setScheme("http");
    request.setAuthority(HOST);
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    }
    HttpCoreContext context = HttpCoreContext.create();
    executor.preProcess(request, processor, context);
    connectionUsed = true;
    try (ClassicHttpResponse response = executor.execute(request, connection, context)) {
      executor.postProcess(response, processor, context);
      byte[] bytes = response.getEntity() == null
          ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
      if (!executor.keepAlive(request, response, connection, context)) {
        dropConnection();
      }
      return new Response(response.getCode(), headersOf(response), bytes);
    }
  }

  private static Map<String, List<String>> headersOf(ClassicHttpResponse response) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header header : response.getHeaders()) {
      headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.getValue());
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    return headers;
  }

  private CtlsockException translate(String method, String target, Exception e) {
    String what = method + " " + target + " on " + connector.path();
    if (e instanceof SocketTimeoutException) {
      return new CtlsockTimeoutException(what + ": no response within " + readTimeout, e);
    }
    if (e instanceof HttpException) {
      return new ProtocolViolationException(what + ": invalid HTTP response: " + e.getMessage(), e);
    }
    if (e instanceof NoHttpResponseException) {
      return new CtlsockException(what + ": the server closed the connection without responding", e);
    }
    return new CtlsockException(what + ": " + e.getMessage(), e);
  }

  /** Makes sure an open connection exists; returns true when it is one that served before. */
  private boolean ensureConnection() throws CtlsockException {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
    if (connection != null && connection.isOpen()) {
      try {
        // A kept-alive connection the server has since closed reads as end-of-stream: replace it
        // rather than fail the call.
        if (!connection.isStale()) {
          return connectionUsed;
        }
      } catch (IOException e) {
        // Fall through: treat an unreadable connection as stale.
      }
    }
    dropConnection();
    AFUNIXSocket socket = connector.connect();
    try {
      socket.setSoTimeout(UnixSocketConnector.timeoutMillis(readTimeout));
      DefaultBHttpClientConnection fresh = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
      fresh.bind(socket);
      fresh.setSocketTimeout(Timeout.of(readTimeout));
      connection = fresh;
      connectionUsed = false;
      connectionsOpened++;
      return false;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Reporting the first failure matters more.
      }
      throw new CtlsockException(connector.path() + ": cannot set up the connection: "
          + e.getMessage(), e);
    }
  }

  private void dropConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException ignored) {
        // Closing a connection we give up on: nothing to report.
      }
      connection = null;
    }
  }

  /** Chooses the socket path and timeouts, then connects. */
  public static final class Builder {
    private final Path path;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofMinutes(2);

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "socket path");
    }

    /** How long connecting may take (default 5 s). It only waits when the server's backlog is full. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = nonNegative(timeout);
      return this;
    }

    /**
     * How long to wait for each response (default 2 minutes; zero waits forever). A command may
     * legitimately take long, so this bounds a hung server rather than a slow command.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = nonNegative(timeout);
      return this;
    }

    /** Connects now, so that a server that is not there is reported here rather than at a call. */
    public CtlsockClient connect() throws CtlsockException {
      CtlsockClient client = new CtlsockClient(this);
      synchronized (client) {
        client.ensureConnection();
      }
      return client;
    }

    private static Duration nonNegative(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative: " + timeout);
      }
      return timeout;
    }
  }
}
