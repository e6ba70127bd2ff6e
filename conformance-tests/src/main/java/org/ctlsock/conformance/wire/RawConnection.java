package org.ctlsock.conformance.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One client connection to the target's socket, sending exact bytes (malformed ones too) and reading
 * responses strictly. Every byte both ways goes to the connection's {@link WireLog}.
 */
public final class RawConnection implements Closeable {
    private final Path path;
    private AFUNIXSocket socket;
    private OutputStream out;
    private ResponseReader reader;
    private InputStream in;
    private final WireLog log;
    private final Duration within;
    private boolean peerClosed;
    /** The last response said {@code Connection: close}: the server will read no further request here. */
    private boolean closeAnnounced;
    /** The case is about this connection staying open: a close announced by the server is not worked around. */
    private boolean persistent;

    private RawConnection(Path path, AFUNIXSocket socket, WireLog log, Duration within) throws IOException {
        this.path = path;
        this.log = log;
        this.within = within;
        attach(socket);
    }

    private void attach(AFUNIXSocket s) throws IOException {
        this.socket = s;
        this.out = s.getOutputStream();
        this.in = new BufferedInputStream(new LoggingInputStream(s.getInputStream(), log), 16384);
        this.reader = new ResponseReader(in);
        this.peerClosed = false;
        this.closeAnnounced = false;
        s.setSoTimeout(readTimeoutMillis());
    }

    /** Every read's timeout: a watch or a peek that waits for another period restores it when done. */
    private int readTimeoutMillis() {
        return (int) Math.max(1, within.toMillis());
    }

    /**
     * Marks the connection as the thing under test (4.2.1: it must stay open): an {@link #exchange} after a response
     * that announced {@code Connection: close} then fails with that as the reason, instead of moving to a new
     * connection.
     */
    public RawConnection persistent() {
        this.persistent = true;
        return this;
    }

    /**
     * Connects to {@code path}.
     *
     * @param within how long to wait for anything the target must send before a read gives up
     */
    public static RawConnection open(Path path, WireLog log, Duration within) throws IOException {
        return new RawConnection(path, connected(path, log, within), log, within);
    }

    /**
     * A new socket connected to {@code path} within the deadline; the attempt and its outcome are logged. A connect
     * to a Unix socket whose listener does not accept (a server that serves one client at a time, with its accept
     * queue full) blocks in the kernel, and neither junixsocket's connect timeout nor closing the socket ends it; so
     * the connect is a {@link DeadlineStep}, and one the kit gave up on is closed when it completes (at the latest
     * when the target's listener goes away).
     */
    private static AFUNIXSocket connected(Path path, WireLog log, Duration within) throws IOException {
        AFUNIXSocket s = AFUNIXSocket.newInstance();
        AtomicBoolean abandoned = new AtomicBoolean();
        try {
            DeadlineStep.finish("connecting to " + path, within, () -> {
                s.connect(AFUNIXSocketAddress.of(path));
                if (abandoned.get()) {
                    s.close();
                }
                return null;
            });
        } catch (TimeoutException | IOException e) {
            s.close();
            IOException failure = e instanceof IOException io ? io : new SocketTimeoutException("connect did not "
                    + "complete within " + within.toMillis() + " ms (the server is not accepting connections: its "
                    + "accept queue is full)");
            log.note("connect to " + path + " failed: " + failure);
            throw failure;
        } finally {
            // A connect still under way is abandoned: it closes its socket once it completes. (After one
            // that completed, the flag is never read again.)
            abandoned.set(true);
        }
        log.note("connected to " + path);
        return s;
    }

    public WireLog log() {
        return log;
    }

    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        moveOnIfCloseAnnounced();
        log.sent(bytes, 0, bytes.length);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            log.note("send failed: " + e.getMessage());
            throw e;
        }
        return this;
    }

    public RawConnection send(Request request) throws IOException {
        return send(request.toBytes());
    }

    /**
     * Sends, tolerating a server that stops reading first: it may answer from the head and close before the rest
     * arrives (7.1.2, 7.2.2), and what it answered is still to be read. False, noted in the wire log, when the write
     * failed.
     */
    public boolean sendTolerant(byte[] bytes) {
        try {
            send(bytes);
            return true;
        } catch (IOException e) {
            log.note("the server stopped reading before the whole request was written: " + e.getMessage());
            return false;
        }
    }

    /**
     * Sends the request and reads its final response (interim 100s are skipped: {@link #readFinal}). When
     * the previous response announced {@code Connection: close} (RFC 9112 §9.6: the server reads nothing more here), the
     * request goes on a new connection to the same path, as a client must do, and the wire log says so; on a
     * {@link #persistent()} connection that is a failure of the case instead.
     */
    public HttpResponse exchange(Request request) throws IOException {
        send(request);
        return readFinal("HEAD".equals(request.method()));
    }

    /**
     * Before anything more is sent: when the last response announced {@code Connection: close}, a new connection
     * (the server reads nothing more on this one), or on a {@link #persistent()} connection {@link CloseAnnounced}.
     */
    private void moveOnIfCloseAnnounced() throws IOException {
        if (!closeAnnounced) {
            return;
        }
        if (persistent) {
            throw new CloseAnnounced();
        }
        log.note("the previous response said `Connection: close` (RFC 9112 §9.6): the kit sends the next request on a "
                + "new connection");
        socket.close();
        attach(connected(path, log, within));
    }

    /**
     * A {@link #persistent()} connection's server answered with {@code Connection: close}, which 4.2.1 allows: the
     * case that wanted to see the connection kept open has nothing to judge.
     */
    public static final class CloseAnnounced extends IllegalStateException {
        CloseAnnounced() {
            super("the server answered with `Connection: close` (allowed by 4.2.1 and RFC 9112 §9.6), so the "
                    + "connection could not be seen kept open");
        }
    }

    /** The next response, which may be an interim 1xx; fails if none arrives. */
    public HttpResponse read() throws IOException {
        return read(false);
    }

    public HttpResponse read(boolean headRequest) throws IOException {
        return readOrClose(headRequest).orElseThrow(() -> new ProtocolViolation(
                "the server closed the connection without sending a response"));
    }

    /** The next final response, skipping interim 1xx responses (they are in the wire log). */
    public HttpResponse readFinal(boolean headRequest) throws IOException {
        return readFinalOrClose(headRequest).orElseThrow(() -> new ProtocolViolation(
                "the server closed the connection without sending a response"));
    }

    /** The next final response (interim 1xx ones skipped), or empty when the server closed instead. */
    public Optional<HttpResponse> readFinalOrClose(boolean headRequest) throws IOException {
        Optional<HttpResponse> r = readOrClose(headRequest);
        while (r.isPresent() && r.get().isInterim()) {
            r = readOrClose(headRequest);
        }
        return r;
    }

    public HttpResponse readFinal() throws IOException {
        return readFinal(false);
    }

    /**
     * The next response, or empty when the server closed (or reset) the connection before sending one:
     * for clauses that allow "answered with 400 or by closing the connection".
     */
    public Optional<HttpResponse> readOrClose(boolean headRequest) throws IOException {
        try {
            Optional<HttpResponse> r = reader.read(headRequest);
            if (r.isPresent() && !r.get().isInterim()) {
                closeAnnounced = r.get().headerHasToken("Connection", "close");
            }
            if (r.isEmpty()) {
                peerClosed = true;
                log.note("the server closed the connection");
            }
            return r;
        } catch (SocketTimeoutException e) {
            log.note("no response within " + within.toMillis() + " ms");
            throw new ProtocolViolation("no response within " + within.toMillis() + " ms", e);
        } catch (SocketException e) {
            if (isReset(e)) {
                peerClosed = true;
                log.note("the server reset the connection: " + e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<HttpResponse> readOrClose() throws IOException {
        return readOrClose(false);
    }

    /**
     * Waits up to {@code limit} for the server to close the connection, discarding (but logging) any
     * bytes that come first. True when it closed.
     */
    public boolean awaitClose(Duration limit) throws IOException {
        if (peerClosed) {
            return true;
        }
        watch(limit, false, true);
        return peerClosed;
    }

    /**
     * Asserts that the server closes the connection within {@code limit}, with Expected/Actual wording.
     *
     * @param after what the kit did last, e.g. "answering GET /echo HTTP/1.0"
     */
    public void assertClosedWithin(Duration limit, String after) throws IOException {
        if (!awaitClose(limit)) {
            throw new AssertionError("Expected: the server closes the connection after " + after + ", within "
                    + limit.toMillis() + " ms\nActual:   the connection was still open after " + limit.toMillis()
                    + " ms");
        }
    }

    /** Asserts that the server keeps the connection open for {@code period} (it must not close it). */
    public void assertStaysOpen(Duration period, String after) throws IOException {
        if (awaitClose(period)) {
            throw new AssertionError("Expected: the connection stays open after " + after + "\nActual:   the server "
                    + "closed it within " + period.toMillis() + " ms");
        }
    }

    /**
     * True when the server has sent nothing yet and the connection is open: the request on it is still in
     * progress. A response sent before now is already in the socket's buffer, so a read that waits a couple
     * of milliseconds finds it ({@link #unsolicitedBytes} counts whole milliseconds: 3 ms waits 2).
     */
    public boolean awaitingAnswer() throws IOException {
        return unsolicitedBytes(Duration.ofMillis(3)).length == 0 && !isPeerClosed();
    }

    /**
     * Watches the connection for {@code period} and returns whatever the server sent in that time
     * (empty when it sent nothing and kept the connection open); -1 in the result's first slot is not
     * used: closing shows as {@link #isPeerClosed()}.
     */
    public byte[] unsolicitedBytes(Duration period) throws IOException {
        return watch(period, true, false);
    }

    /**
     * Reads for up to {@code period} or until the server closes or resets the connection (then {@link #isPeerClosed()}),
     * and returns what arrived when {@code keep}, else nothing (every byte is in the wire log either way).
     *
     * @param noteReset whether a reset goes into the wire log (a close always does)
     */
    private byte[] watch(Duration period, boolean keep, boolean noteReset) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + period.toNanos();
        byte[] buf = new byte[8192];
        try {
            long left;
            while ((left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                socket.setSoTimeout((int) left);
                int n = in.read(buf);
                if (n < 0) {
                    peerClosed = true;
                    log.note("the server closed the connection");
                    break;
                }
                if (keep) {
                    got.write(buf, 0, n);
                }
            }
        } catch (SocketTimeoutException e) {
            // the period is over
        } catch (SocketException e) {
            // A reset ends a watch as a close does; any other socket error is rethrown.
            if (!isReset(e)) {
                throw e;
            }
            peerClosed = true;
            if (noteReset) {
                log.note("the server reset the connection");
            }
        } finally {
            restoreTimeout();
        }
        return got.toByteArray();
    }

    /**
     * The process id the kernel gives for the peer ({@code SO_PEERCRED}): the process that created the
     * listening socket this connection reached (spec 2.6.1's "which server serves on the path").
     */
    public long peerPid() throws IOException {
        return socket.getPeerCredentials().getPid();
    }

    /** True once a read saw the server close or reset the connection. */
    public boolean isPeerClosed() {
        return peerClosed;
    }

    /**
     * Half-closes only if the server waits for more: when it has not begun to answer within {@code period}. A request
     * that was whole is then answered without the kit's EOF (a server may take EOF as the client having gone, and drop
     * the answer: Twisted does, issue 19); one the kit cut off gets its EOF, so the server need not wait for bytes that
     * never come. Half-closing at once belongs only to the case that tests it. True when it half-closed.
     */
    public boolean shutdownOutputUnlessAnswered(Duration period) throws IOException {
        if (peerClosed) {
            return false;
        }
        // Waits for the answer's first byte (or the end) without consuming it; what arrives is logged as every read is.
        socket.setSoTimeout((int) Math.max(1, period.toMillis()));
        try {
            in.mark(1);
            in.read();
            in.reset();
            return false;
        } catch (SocketTimeoutException e) {
            // no answer has begun: the server waits for more
        } catch (SocketException e) {
            if (isReset(e)) {
                return false;
            }
            throw e;
        } finally {
            restoreTimeout();
        }
        shutdownOutput();
        return true;
    }

    /** Half-closes: the server sees EOF on its read side, the kit can still read. */
    public void shutdownOutput() throws IOException {
        log.note("client shut down its sending side");
        socket.shutdownOutput();
    }

    private void restoreTimeout() throws SocketException {
        if (socket.isClosed()) {
            return;
        }
        try {
            socket.setSoTimeout(readTimeoutMillis());
        } catch (SocketException e) {
            if (!isReset(e)) {
                throw e;
            }
        }
    }

    private static boolean isReset(SocketException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        // junixsocket closes the descriptor itself after a reset or a broken pipe; later calls then fail
        // with "Not open": for the kit that is the server having closed (reset) the connection.
        return m.contains("reset") || m.contains("broken pipe") || m.contains("closed") || m.contains("not open");
    }

    /** Closes the kit's end; that cannot fail in a way a case could judge, so it throws nothing. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.note("closing the connection failed: " + e);
        }
    }

    /**
     * Copies every byte read from the socket into the wire log. It sits under a {@link BufferedInputStream}, which
     * reads only whole arrays from it, so single-byte reads need no logging of their own.
     */
    private static final class LoggingInputStream extends FilterInputStream {
        private final WireLog log;

        LoggingInputStream(InputStream in, WireLog log) {
            super(in);
            this.log = log;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                log.received(b, off, n);
            }
            return n;
        }
    }
}
