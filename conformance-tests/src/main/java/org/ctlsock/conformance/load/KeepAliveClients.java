package org.ctlsock.conformance.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;

/**
 * A crowd of keep-alive clients, all connected before any of them sends, then each sending a fixed
 * number of {@code POST /echo [client, request]} one after another on its own connection, on its own
 * thread (junixsocket sockets are blocking). Every answer must be 200 with exactly its own arguments.
 *
 * <p>The clients' wire logs stay out of the case's evidence (hundreds of connections would bury it);
 * the logs of the first failing clients are returned with the errors.
 */
public final class KeepAliveClients implements AutoCloseable {
    private static final int LOGS_KEPT = 3;
    private final List<RawConnection> connections = new ArrayList<>();

    private KeepAliveClients() {
    }

    /** Opens {@code count} connections to {@code socket}, one after another; all stay open. */
    public static KeepAliveClients connect(Path socket, int count, Duration within) throws IOException {
        KeepAliveClients clients = new KeepAliveClients();
        try {
            for (int i = 0; i < count; i++) {
                clients.connections.add(RawConnection.open(socket, new WireLog("keep-alive client " + i), within));
            }
        } catch (IOException e) {
            clients.close();
            throw new IOException("connection " + (clients.size() + 1) + " of " + count + " failed: " + e, e);
        }
        return clients;
    }

    public int size() {
        return connections.size();
    }

    /**
     * Every client sends {@code requestsEach} requests, all clients at once (they start together from a
     * latch). Returns when all are done.
     */
    public Result run(int requestsEach, Duration limit) {
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Integer> failedClients = new CopyOnWriteArrayList<>();
        AtomicLong ok = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(connections.size());
        try {
            for (int i = 0; i < connections.size(); i++) {
                int client = i;
                pool.execute(() -> {
                    try {
                        start.await();
                        for (int n = 0; n < requestsEach; n++) {
                            String error = exchange(connections.get(client), client, n);
                            if (error != null) {
                                errors.add("client " + client + ", request " + (n + 1) + ": " + error);
                                failedClients.add(client);
                                return;
                            }
                            ok.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long started = System.nanoTime();
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                errors.add("the clients were not done after " + limit.toMillis() + " ms (" + ok.get() + " of "
                        + (long) connections.size() * requestsEach + " requests answered)");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            List<String> failedLogs = failedClients.stream().limit(LOGS_KEPT)
                    .map(c -> connections.get(c).log().render()).toList();
            return new Result(connections.size(), requestsEach, ok.get(), List.copyOf(errors), failedLogs, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitError("interrupted while the clients ran");
        } finally {
            pool.shutdownNow();
        }
    }

    /** One request and its check; null when it was right, else what was wrong. */
    private static String exchange(RawConnection c, int client, int n) {
        String args = "[" + client + "," + n + "]";
        try {
            HttpResponse r = c.exchange(Request.post("/echo", args));
            if (r.status() != 200) {
                return "status " + r.status() + " " + r.reason() + " (expected 200)";
            }
            if (!JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(args))) {
                return "body " + r.bodyText() + " (expected " + args + ")";
            }
            return null;
        } catch (IOException | AssertionError e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        connections.forEach(RawConnection::close);
    }

    /**
     * @param ok the requests answered 200 with the right body
     * @param errors one line per client that went wrong (its first wrong answer or exception)
     * @param failedLogs the wire logs of the first few failing clients
     */
    public record Result(int clients, int requestsEach, long ok, List<String> errors, List<String> failedLogs,
            Duration took) {
        public String summary() {
            return clients + " keep-alive clients × " + requestsEach + " requests: " + ok + " answered 200 "
                    + "correctly, " + errors.size() + " clients with an error, in " + took.toMillis() + " ms";
        }

        /** The errors and the failing clients' wire logs, for the failure message. */
        public String details() {
            StringBuilder sb = new StringBuilder(summary()).append('\n');
            errors.stream().limit(20).forEach(e -> sb.append("  ").append(e).append('\n'));
            if (errors.size() > 20) {
                sb.append("  … and ").append(errors.size() - 20).append(" more\n");
            }
            failedLogs.forEach(l -> sb.append(l).append('\n'));
            return sb.toString();
        }
    }
}
