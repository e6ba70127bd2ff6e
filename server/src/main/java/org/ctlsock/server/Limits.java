package org.ctlsock.server;

import java.time.Duration;

/**
 * The server's limits and timeouts (spec 7). The defaults lie inside the spec's bounds: every
 * minimum is accepted and no default exceeds a maximum.
 *
 * @param maxRequestLineBytes longest request line answered normally; longer is 414 (7.1.2)
 * @param maxHeadBytes longest head (request line and header fields); longer is 431 (7.1.3)
 * @param maxHeaderCount most header fields; more is 431 (7.1.3)
 * @param maxBodyBytes largest request body; larger is 413 without running the command (7.2.2)
 * @param maxJsonDepth deepest nesting of arrays and objects in the arguments; deeper is 400 (5.3.6)
 * @param idleTimeout how long a connection may wait between requests before it is closed (7.3.1)
 * @param readTimeout how long a request may take to arrive once it started; then 408 (7.3.1)
 * @param writeTimeout how long a response may take to be taken by the client before the
 *     connection is dropped
 * @param maxConnections connections served at once; further ones are answered 503 and closed
 * @param bodyMemoryBudget heap bytes that open connections and requests in progress may hold all
 *     together, each counted at what it costs once parsed (a body's JSON tree takes many times its
 *     size; spec 7.5.2); a connection or request that does not fit is answered 503. 0 means half
 *     of the maximum heap beyond 16 MiB (at least 4 MiB)
 */
public record Limits(
    int maxRequestLineBytes,
    int maxHeadBytes,
    int maxHeaderCount,
    long maxBodyBytes,
    int maxJsonDepth,
    Duration idleTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    int maxConnections,
    long bodyMemoryBudget) {

  public static final Limits DEFAULTS =
      new Limits(
          16 * 1024,
          64 * 1024,
          1000,
          16L * 1024 * 1024,
          512,
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          1024,
          0);

  public Limits {
    require(maxRequestLineBytes >= 64, "maxRequestLineBytes must be at least 64");
    require(maxHeadBytes >= maxRequestLineBytes, "maxHeadBytes must be at least maxRequestLineBytes");
    require(maxHeaderCount >= 1, "maxHeaderCount must be at least 1");
    require(maxBodyBytes >= 0 && maxBodyBytes <= Integer.MAX_VALUE - 16, "maxBodyBytes must be 0 to 2 GiB");
    require(maxJsonDepth >= 1 && maxJsonDepth <= 10_000, "maxJsonDepth must be 1 to 10000");
    require(positive(idleTimeout), "idleTimeout must be positive");
    require(positive(readTimeout), "readTimeout must be positive");
    require(positive(writeTimeout), "writeTimeout must be positive");
    require(maxConnections >= 1, "maxConnections must be at least 1");
    require(bodyMemoryBudget >= 0, "bodyMemoryBudget must not be negative");
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public Limits withMaxRequestLineBytes(int v) {
    return new Limits(v, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withMaxHeadBytes(int v) {
    return new Limits(maxRequestLineBytes, v, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withMaxHeaderCount(int v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, v, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withMaxBodyBytes(long v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, v, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withMaxJsonDepth(int v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, v, idleTimeout, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withIdleTimeout(Duration v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, v, readTimeout, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withReadTimeout(Duration v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, v, writeTimeout, maxConnections, bodyMemoryBudget);
  }

  public Limits withWriteTimeout(Duration v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, v, maxConnections, bodyMemoryBudget);
  }

  public Limits withBodyMemoryBudget(long v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, maxConnections, v);
  }

  public Limits withMaxConnections(int v) {
    return new Limits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, maxBodyBytes, maxJsonDepth, idleTimeout, readTimeout, writeTimeout, v, bodyMemoryBudget);
  }
}
