package org.ctlsock.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ctlsock.bench.http.HttpRequestTemplate;
import org.ctlsock.bench.http.HttpResponseReader;
import org.ctlsock.bench.load.Connection;
import org.ctlsock.bench.load.JunixsocketConnector;
import org.ctlsock.bench.proc.ListeningSocketOwners;
import org.ctlsock.bench.proc.ServerProcesses;
import org.ctlsock.process.Launch;
import org.ctlsock.process.StartedProcess;

/**
 * A target started on a socket: knows when it first answered, which processes serve its socket, and
 * how to stop it (SIGTERM, then SIGKILL after a grace period, as spec clause 8.2.3 describes, to it and
 * whatever it forked: the project's one process starter runs it in a session of its own).
 */
final class RunningServer implements AutoCloseable {

    private static final long POLL_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final byte[] PROBE = HttpRequestTemplate.of("GET", "/echo", null, List.of(), true).bytes();

    private final Target target;
    private final Path socket;
    private final Path log;
    private final StartedProcess process;
    private final long startedNanos;

    private RunningServer(Target target, Path socket, Path log, StartedProcess process, long startedNanos) {
        this.target = target;
        this.socket = socket;
        this.log = log;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts the target with its output appended to {@code log}. The socket path must be free. */
    static RunningServer start(Target target, Path socket, Path log) throws IOException {
        // Only ever our own leftover: the socket lives in the benchmark's private temporary directory.
        Files.deleteIfExists(socket);
        target.beforeStart().prepare(socket);
        List<String> command = target.command().expand(socket, target.dir());
        Launch launch = Launch.of(command).output(log, log).appendOutput().grace(GRACE).killWait(GRACE);
        long started = System.nanoTime();
        StartedProcess p = launch.start();
        return new RunningServer(target, socket, log, p, started);
    }

    /**
     * Polls until the server answers {@code GET /echo} with any HTTP response, and returns the time
     * from just before the process was started. Fails with the log's tail when the process exits or
     * the deadline passes.
     */
    Duration awaitFirstAnswer(Duration deadline) throws IOException {
        JunixsocketConnector connector = new JunixsocketConnector(socket.toFile(), 5000);
        long end = startedNanos + deadline.toNanos();
        while (true) {
            if (Files.exists(socket) && answers(connector)) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            if (!process.isAlive()) {
                throw new IOException(target.name() + " exited with status " + process.exitValueText()
                        + " before answering; its output ends:\n" + logTail());
            }
            if (System.nanoTime() > end) {
                throw new IOException(target.name() + " did not answer within " + deadline.toMillis()
                        + " ms; its output ends:\n" + logTail());
            }
            LockSupport.parkNanos(POLL_PAUSE_NANOS);
        }
    }

    private static boolean answers(JunixsocketConnector connector) {
        try (Connection c = connector.open()) {
            c.out().write(PROBE);
            c.out().flush();
            new HttpResponseReader(c.in()).readResponse(false);
            return true;
        } catch (IOException e) {
            return false; // not listening yet, or not answering yet
        }
    }

    /** The processes that hold the listening socket (the launcher itself if none is found). */
    ServerProcesses processes() throws IOException {
        List<Long> pids = ListeningSocketOwners.find(socket,
                ListeningSocketOwners.treeOf(process.process().toHandle()));
        return new ServerProcesses(pids.isEmpty() ? List.of(process.pid()) : pids);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path socket() {
        return socket;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, wait for the grace period, then SIGKILL whatever of the process's session is left. */
    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // Our own temporary directory; removed with it.
        }
    }
}
