package org.ctlsock.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ctlsock.bench.http.HttpProtocolException;
import org.ctlsock.bench.http.ResponseParser;

/**
 * One thread driving several clients with non-blocking JDK AF_UNIX channels and a selector. A
 * client sends its next request as soon as its response is parsed, in the same pass, so a busy loop
 * costs about one read and one write system call per request and no thread wake-ups: the load
 * generator leaves more of a small machine to the server than a thread per client does.
 */
final class EventLoopWorker implements LoadWorker {

    private static final long TICK_MILLIS = 100;
    private static final long CONNECT_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final UnixDomainSocketAddress address;
    private final ByteBuffer request;
    private final boolean headRequest;
    private final boolean keepAlive;
    private final long timeoutNanos;
    private final ClientStats stats = new ClientStats();
    private final RecordingGate gate;
    private final List<Client> clients = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Selector selector;
    private volatile boolean abort;

    /** One simulated client's connection and where it is in its exchange. */
    private final class Client {
        SocketChannel channel;
        SelectionKey key;
        int interest;
        final ByteBuffer out = request.duplicate();
        final ResponseParser parser = new ResponseParser();
        long start;
        boolean inFlight;
        long retryAt;
    }

    EventLoopWorker(LoadSpec spec, int clientCount, LoadPhase phase) throws IOException {
        this.address = UnixDomainSocketAddress.of(spec.socket());
        byte[] bytes = spec.request().bytes();
        this.request = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        this.headRequest = spec.request().isHead();
        this.keepAlive = spec.keepAlive();
        this.timeoutNanos = spec.readTimeout().toNanos();
        this.gate = new RecordingGate(phase, stats);
        this.selector = Selector.open();
        for (int i = 0; i < clientCount; i++) {
            clients.add(new Client());
        }
    }

    @Override
    public ClientStats stats() {
        return stats;
    }

    @Override
    public void run() {
        try {
            for (Client c : clients) {
                openAndSend(c);
            }
            long nextTick = System.nanoTime();
            while (!gate.stopped() && !abort) {
                selector.select(this::onReady, TICK_MILLIS);
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                    housekeeping(now);
                }
            }
        } catch (IOException e) {
            // The selector itself failed: nothing more this loop can do.
            stats.recordError(ErrorKind.READ, e);
        } finally {
            for (Client c : clients) {
                closeChannel(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // Ending anyway.
            }
        }
    }

    /** Times out old requests and retries failed connects. */
    private void housekeeping(long now) {
        for (Client c : clients) {
            if (c.inFlight && now - c.start > timeoutNanos) {
                fail(c, ErrorKind.TIMEOUT, new IOException("no complete response within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            } else if (c.channel == null && now - c.retryAt >= 0) {
                openAndSend(c);
            }
        }
    }

    private void onReady(SelectionKey key) {
        Client c = (Client) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                send(c);
            } else if (key.isWritable()) {
                writeRest(c);
            } else if (key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            fail(c, kindOf(c, e), e);
        }
    }

    private void openAndSend(Client c) {
        long start = System.nanoTime();
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.configureBlocking(false);
            c.channel = ch;
            c.start = start;
            c.inFlight = true; // a connect that hangs (full backlog) counts towards the timeout
            boolean connected = ch.connect(address);
            c.interest = connected ? 0 : SelectionKey.OP_CONNECT;
            c.key = ch.register(selector, c.interest, c);
            if (gate.open()) {
                stats.connectionsOpened++;
            }
            if (connected) {
                send(c);
            }
        } catch (IOException e) {
            if (gate.open()) {
                stats.recordError(ErrorKind.CONNECT, e);
            }
            closeChannel(c);
            c.retryAt = System.nanoTime() + CONNECT_RETRY_PAUSE_NANOS;
        }
    }

    private void send(Client c) throws IOException {
        if (keepAlive || !c.inFlight) {
            // With keep-alive, a request's time starts at its send; per request, at the connect.
            c.start = System.nanoTime();
        }
        c.inFlight = true;
        c.parser.begin(headRequest);
        c.out.clear();
        writeRest(c);
    }

    private void writeRest(Client c) throws IOException {
        c.channel.write(c.out);
        interest(c, c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Client c) throws IOException {
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            c.parser.closed(); // completes a body delimited by the close, or throws
            complete(c, false);
            return;
        }
        int used = c.parser.feed(readBuffer.array(), 0, n);
        if (c.parser.isComplete()) {
            if (used < n) {
                // Nothing was pipelined, so bytes after the response mean its framing was wrong.
                throw new HttpProtocolException("bytes after the end of the response");
            }
            complete(c, true);
        }
    }

    private void complete(Client c, boolean connectionOpen) throws IOException {
        long latency = System.nanoTime() - c.start;
        c.inFlight = false;
        if (gate.open()) {
            stats.recordResponse(c.parser.status(), latency, c.parser.bodyBytes());
        }
        if (gate.stopped()) {
            return;
        }
        if (connectionOpen && keepAlive && c.parser.keepAlive()) {
            send(c);
        } else {
            closeChannel(c);
            openAndSend(c);
        }
    }

    private void fail(Client c, ErrorKind kind, IOException e) {
        if (gate.open()) {
            stats.recordError(kind, e);
        }
        closeChannel(c);
        if (!gate.stopped()) {
            openAndSend(c);
        }
    }

    private static ErrorKind kindOf(Client c, IOException e) {
        if (e instanceof EOFException) {
            return ErrorKind.CLOSED;
        }
        if (e instanceof HttpProtocolException) {
            return ErrorKind.PROTOCOL;
        }
        if (c.interest == SelectionKey.OP_CONNECT) {
            return ErrorKind.CONNECT;
        }
        return c.interest == SelectionKey.OP_WRITE ? ErrorKind.WRITE : ErrorKind.READ;
    }

    private void interest(Client c, int ops) {
        if (c.interest != ops) {
            c.key.interestOps(ops); // an epoll_ctl call: made only when the interest changes
            c.interest = ops;
        }
    }

    private void closeChannel(Client c) {
        c.inFlight = false;
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // Dropped either way.
            }
            c.channel = null;
            c.key = null;
            c.interest = 0;
        }
    }

    @Override
    public void abortIfStuck(long now, long timeoutNanos) {
        // The loop times its own requests out; this is only the run's last word after the stop.
        if (now == Long.MAX_VALUE) {
            abort = true;
            selector.wakeup();
        }
    }
}
