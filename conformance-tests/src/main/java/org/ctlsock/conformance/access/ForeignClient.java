package org.ctlsock.conformance.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.wire.Request;

/**
 * A client process running as another user ({@link ForeignAgentMain} under {@code setpriv}), through which the
 * kit connects to sockets with that user's credentials. One process serves any number of exchanges, one at a
 * time; start several (one per identity) and {@link #awaitReady()} them together, since a JVM takes a moment to
 * start.
 */
public final class ForeignClient implements AutoCloseable {
    private final Identity who;
    private final ForeignProcess process;
    private final Duration within;
    private boolean ready;

    private ForeignClient(Identity who, Duration within) {
        this.who = who;
        this.within = within;
        this.process = ForeignProcess.start("the client", who);
    }

    /** Starts the client as {@code who}; does not wait for it (see {@link #awaitReady()}). */
    public static ForeignClient start(Identity who, Duration within) {
        return new ForeignClient(who, within);
    }

    public Identity who() {
        return who;
    }

    /** The client's process id (setpriv execs the JVM, so it is the process that connects). */
    public long pid() {
        return process.pid();
    }

    /** Waits for the client's "READY" line. */
    public synchronized void awaitReady() {
        if (ready) {
            return;
        }
        process.expectLine("READY", "its start", limit());
        ready = true;
    }

    /**
     * Connects to {@code socket} as this client's user, sends {@code request} (which should say
     * {@code Connection: close}) and collects what comes back until the server closes.
     */
    public synchronized ForeignExchange exchange(Path socket, Request request) {
        awaitReady();
        byte[] bytes = request.toBytes();
        String reply = ask("EXCHANGE " + ForeignProcess.encode(socket) + " " + Base64.getEncoder().encodeToString(bytes)
                + " " + within.toMillis(), "an exchange with " + socket);
        String[] w = reply.split(" ");
        Base64.Decoder d = Base64.getDecoder();
        return switch (w[0]) {
            case "ANSWERED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.ANSWERED, bytes,
                    w.length > 1 ? d.decode(w[1]) : new byte[0], w.length > 2 && w[2].equals("CLOSED"), "");
            case "DENIED", "FAILED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.valueOf(w[0]), bytes,
                    new byte[0], true, new String(d.decode(w[1]), StandardCharsets.UTF_8));
            default -> throw new KitError(process.name() + " answered \"" + reply + "\"");
        };
    }

    /**
     * What a crowd of silent connections from this client's user got: opened, closed by the server
     * before the deadline, connects that failed, and the first bytes one of them received.
     */
    public record SilentCrowd(int opened, int closed, int connectFailures, byte[] firstAnswer) {
        public String summary() {
            return opened + " opened, " + closed + " closed by the server, " + connectFailures + " connects failed; "
                    + "first answer: " + (firstAnswer.length == 0 ? "(none)" : "\""
                    + new String(firstAnswer, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("") + "\"");
        }
    }

    /**
     * Opens {@code count} connections to {@code socket} as this client's user, sends nothing, and
     * waits up to {@code deadline} for the server to close them all.
     */
    public synchronized SilentCrowd holdSilent(Path socket, int count, Duration deadline) {
        awaitReady();
        String reply = ask("SILENT " + ForeignProcess.encode(socket) + " " + count + " " + deadline.toMillis(),
                count + " silent connections to " + socket);
        String[] w = reply.split(" ");
        if (w[0].equals("HELD") && w.length >= 4) {
            return new SilentCrowd(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    w.length > 4 ? Base64.getDecoder().decode(w[4]) : new byte[0]);
        }
        throw new KitError(process.name() + " answered \"" + reply + "\"");
    }

    /** Sends one instruction to the client and reads its one-line reply. */
    private String ask(String command, String during) {
        process.writeLine(command);
        return process.readLine(during, limit());
    }

    /** The client keeps the deadline of what it does; twice that and more only catches a client that hangs. */
    private Duration limit() {
        return within.multipliedBy(2).plusSeconds(5);
    }

    @Override
    public void close() {
        process.close();
    }
}
