package org.ctlsock.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import org.ctlsock.bench.http.HttpRequestTemplate;

/**
 * What one load run does: which socket, how many concurrent clients, for how long, and which
 * request each client sends in a loop (a closed loop: a client sends its next request as soon as it
 * has the previous answer).
 *
 * @param socket the server's socket file
 * @param clients the number of concurrent clients, each a thread with its own connection
 * @param warmup how long to send load before measuring (results discarded)
 * @param duration how long to measure
 * @param keepAlive whether a client reuses its connection (true) or opens one per request (false)
 * @param request what to send
 * @param readTimeout how long a client waits for a response before counting a timeout
 */
public record LoadSpec(Path socket, int clients, Duration warmup, Duration duration, boolean keepAlive,
        HttpRequestTemplate request, Duration readTimeout) {

    public LoadSpec {
        if (clients < 1 || clients > 10_000) {
            throw new IllegalArgumentException("clients must be between 1 and 10000, not " + clients);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("the warm-up must not be negative");
        }
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
    }
}
