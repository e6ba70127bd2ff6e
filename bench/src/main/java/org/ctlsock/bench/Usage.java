package org.ctlsock.bench;

/** The help text. */
final class Usage {

    private Usage() {
    }

    static final String TEXT = """
            ctlsock-bench: a load generator and benchmark for HTTP/1.1 over Unix domain sockets

            java -jar ctlsock-bench.jar load --socket PATH [options]
              Sends one request in a closed loop from concurrent clients, then prints requests/s,
              latency percentiles, status counts, errors and the server's CPU and memory.
                --socket PATH        the server's socket file (required)
                --clients N          concurrent clients, each a thread with its own connection (16)
                --duration D         how long to measure, e.g. 500ms, 10s, 2m (10s)
                --warmup D           load sent before measuring, results discarded (1s)
                --keepalive          reuse each client's connection (the default)
                --close              one connection per request (sends Connection: close)
                --method M           request method (GET, or POST when a body is given)
                --path P             request target (/echo)
                --body TEXT          request body, sent with Content-Type: application/json
                --body-file FILE     request body read from a file
                --header 'N: V'      an extra request header (repeatable)
                --timeout D          how long to wait for a response before counting a timeout (10s)
                --engine E           nio: event loops over the JDK's AF_UNIX channels (default);
                                     blocking: a thread per client
                --threads N          event-loop threads for --engine nio (2)
                --connector C        socket library for --engine blocking: jdk (default) or
                                     junixsocket
                --server-pid P       whose CPU and RSS to report: auto (the processes holding the
                                     listening socket), none, or pids separated by commas (auto)
                --json               print the result as JSON
                --print-response     send the request once, print the status and body, and exit

            java -jar ctlsock-bench.jar bench [options]
              Starts each server under test on its own socket, measures it, stops it, and writes
              the report (BENCHMARKS.md). See bench/README.md.
                --repo DIR           the repository root (.)
                --output FILE        where to write the report (DIR/BENCHMARKS.md)
                --duration D         measurement per cell (3s)
                --warmup D           warm-up per cell (1s)
                --repeats N          rounds of measurements per cell, every target once a
                                     round; the one with the median throughput is reported (1)
                --clients LIST       client counts (1,16,64)
                --modes LIST         keepalive,close (both)
                --scenarios LIST     get-echo,post-echo (both)
                --targets LIST       which targets, by name (all found: reference, python, node,
                                     go, nginx and any --target)
                --target NAME=CMD    an extra target: a command template with {socket} (repeatable)
                --starts N           starts per target for the start-up time median (5)
                --server-jar JAR     the reference server's jar (server/target/ctlsock-server.jar)
                --noisy-threshold P  share (percent) of a saturated machine that other processes
                                     may take before a cell is measured again (15)
                --noisy-retries N    how many times a disturbed cell is measured again (2)
                --quiet-wait D       how long to wait for a quiet second before each target (60s)
                --engine, --threads, --connector   the load generator, as for load
                --command-line TEXT  the command to record as having produced the report
                --no-write           print the report instead of writing the file

            java -jar ctlsock-bench.jar soak --socket PATH [load options] [--minutes N] [--every D]
              Runs the load for N minutes (5), keep-alive clients holding their connections
              throughout, and prints the server's RSS at the start, every D (30s) and at the end,
              so that memory growth under sustained load shows.

            java -jar ctlsock-bench.jar ceiling --socket PATH [--loops N] [--pool | --takeover]
              Answers every request 200 with its body ([] for none) from N event loops (2) on the
              JDK's own selector and channels, until stopped: what the JVM costs per connection and
              request before any HTTP library runs. With --pool, each request is answered on a
              pooled thread; with --takeover, on the loop, and a loop held by one request for
              more than 5 ms is handed to a new thread (POST /sleep with a body of N waits N ms).
              bench/run-benchmarks.sh measures all three (jvm-event-loop, -pool, -takeover).

            Exit status: 0 success, 1 the run failed (nothing succeeded, a server did not start),
            2 a usage error.
            """;
}
