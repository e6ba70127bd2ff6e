package org.ctlsock.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ctlsock.bench.http.HttpProtocolException;
import org.ctlsock.bench.http.HttpRequestTemplate;
import org.ctlsock.bench.http.HttpResponseReader;

/**
 * One simulated client: a loop that sends the request, reads the whole response, records the
 * latency, and goes again until the run stops. In keep-alive mode it reuses its connection (opening
 * a new one only when the server closes it, which is not timed); in connection-per-request mode the
 * latency includes connecting.
 */
final class ClientWorker implements LoadWorker {

    /** After a failed connect, wait this long before the next try so a dead server is not spun on. */
    private static final long CONNECT_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Connector connector;
    private final byte[] request;
    private final boolean headRequest;
    private final boolean keepAlive;
    private final LoadPhase phase;
    private final ClientStats stats = new ClientStats();
    private final RecordingGate gate;

    private volatile Connection connection;
    private HttpResponseReader reader;
    /** When the request in flight was sent (System.nanoTime), or 0 when none is: read by the watchdog. */
    private volatile long inFlightSince;
    /** Set by the watchdog when it closed the connection under a request that took too long. */
    private volatile boolean timedOut;

    ClientWorker(Connector connector, HttpRequestTemplate request, boolean keepAlive, LoadPhase phase) {
        this.connector = connector;
        this.request = request.bytes();
        this.headRequest = request.isHead();
        this.keepAlive = keepAlive;
        this.phase = phase;
        this.gate = new RecordingGate(phase, stats);
    }

    @Override
    public ClientStats stats() {
        return stats;
    }

    @Override
    public void run() {
        try {
            while (phase.current() != LoadPhase.STOP) {
                exchangeOnce();
            }
        } finally {
            dropConnection();
        }
    }

    private void exchangeOnce() {
        long start = System.nanoTime();
        if (connection == null) {
            try {
                connection = connector.open();
                reader = new HttpResponseReader(connection.in());
            } catch (IOException e) {
                if (shouldRecord()) {
                    stats.recordError(ErrorKind.CONNECT, e);
                }
                LockSupport.parkNanos(CONNECT_RETRY_PAUSE_NANOS);
                return;
            }
            if (shouldRecord()) {
                stats.connectionsOpened++;
            }
            if (keepAlive) {
                start = System.nanoTime(); // a persistent connection's set-up is not part of a request
            }
        }
        inFlightSince = start;
        try {
            connection.out().write(request);
            connection.out().flush();
        } catch (IOException e) {
            fail(timedOut ? ErrorKind.TIMEOUT : ErrorKind.WRITE, e);
            return;
        }
        int status;
        try {
            status = reader.readResponse(headRequest);
        } catch (IOException e) {
            fail(timedOut ? ErrorKind.TIMEOUT : kindOf(e), e);
            return;
        }
        inFlightSince = 0;
        long latency = System.nanoTime() - start;
        if (shouldRecord()) {
            stats.recordResponse(status, latency, reader.bodyBytes());
        }
        if (reader.hasBufferedBytes()) {
            // Nothing was pipelined, so bytes after the response mean its framing was wrong.
            fail(ErrorKind.PROTOCOL, new HttpProtocolException("bytes after the end of the response"));
        } else if (!keepAlive || !reader.keepAlive()) {
            dropConnection();
        }
    }

    private static ErrorKind kindOf(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return ErrorKind.TIMEOUT;
        }
        if (e instanceof EOFException) {
            return ErrorKind.CLOSED;
        }
        if (e instanceof HttpProtocolException) {
            return ErrorKind.PROTOCOL;
        }
        return ErrorKind.READ;
    }

    /**
     * Called by the run's watchdog thread: if the request in flight has waited longer than the
     * timeout, closes the connection under it so the client's blocking read fails. Needed because
     * the JDK's blocking channels have no read timeout.
     */
    @Override
    public void abortIfStuck(long now, long timeoutNanos) {
        long since = inFlightSince;
        Connection c = connection;
        if (since != 0 && c != null && now - since > timeoutNanos) {
            timedOut = true;
            c.close();
        }
    }

    private void fail(ErrorKind kind, IOException cause) {
        if (shouldRecord()) {
            stats.recordError(kind, cause);
        }
        dropConnection();
    }

    private boolean shouldRecord() {
        return gate.open();
    }

    private void dropConnection() {
        inFlightSince = 0;
        timedOut = false;
        if (connection != null) {
            connection.close();
            connection = null;
            reader = null;
        }
    }
}
