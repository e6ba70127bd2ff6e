package org.ctlsock.conformance.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.wire.Request;

/**
 * A client process running as another user ({@code setpriv --reuid … --regid … --clear-groups|--groups
 * … java ForeignClientMain}), through which the kit connects to sockets with that user's credentials.
 * One process serves any number of exchanges, one at a time; start several (one per identity) and
 * {@link #awaitReady()} them together, since a JVM takes a moment to start.
 */
public final class ForeignClient implements AutoCloseable {
    private final Identity who;
    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final Path stderr;
    private final Duration within;
    private boolean ready;

    private ForeignClient(Identity who, Process process, Path stderr, Duration within) {
        this.who = who;
        this.process = process;
        this.stderr = stderr;
        this.within = within;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.in = process.getOutputStream();
    }

    /** Starts the client as {@code who}; does not wait for it (see {@link #awaitReady()}). */
    public static ForeignClient start(Identity who, Duration within) {
        List<String> cmd = new ArrayList<>(who.setprivWords());
        cmd.addAll(ClientProgram.commandLine());
        try {
            Path err = Files.createTempFile("ctlsock-client-" + who.uid() + "-", ".stderr");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            return new ForeignClient(who, p, err, within);
        } catch (IOException e) {
            throw new KitError("cannot start a client as " + who.describe() + ": " + cmd + ": " + e.getMessage(), e);
        }
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
        String line = readLine("start");
        if (!"READY".equals(line)) {
            throw new KitError("the client as " + who.describe() + " did not start: " + line + "\n" + stderrText());
        }
        ready = true;
    }

    /**
     * Connects to {@code socket} as this client's user, sends {@code request} (which should say
     * {@code Connection: close}) and collects what comes back until the server closes.
     */
    public synchronized ForeignExchange exchange(Path socket, Request request) {
        awaitReady();
        byte[] bytes = request.toBytes();
        String reply = ask("EXCHANGE " + b64(socket.toString().getBytes(StandardCharsets.UTF_8)) + " " + b64(bytes) + " "
                + within.toMillis(), "an exchange with " + socket);
        String[] w = reply.split(" ");
        Base64.Decoder d = Base64.getDecoder();
        return switch (w[0]) {
            case "ANSWERED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.ANSWERED, bytes,
                    w.length > 1 ? d.decode(w[1]) : new byte[0], w.length > 2 && w[2].equals("CLOSED"), "");
            case "DENIED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.DENIED, bytes, new byte[0], true,
                    new String(d.decode(w[1]), StandardCharsets.UTF_8));
            case "FAILED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.FAILED, bytes, new byte[0], true,
                    new String(d.decode(w[1]), StandardCharsets.UTF_8));
            default -> throw new KitError("the client as " + who.describe() + " answered \"" + reply + "\"");
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
        String reply = ask("SILENT " + b64(socket.toString().getBytes(StandardCharsets.UTF_8)) + " " + count + " "
                + deadline.toMillis(), count + " silent connections to " + socket);
        String[] w = reply.split(" ");
        if (w[0].equals("HELD") && w.length >= 4) {
            return new SilentCrowd(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    w.length > 4 ? Base64.getDecoder().decode(w[4]) : new byte[0]);
        }
        throw new KitError("the client as " + who.describe() + " answered \"" + reply + "\"");
    }

    /** Sends one command line to the client and reads its one-line reply. */
    private String ask(String command, String during) {
        try {
            in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new KitError("the client as " + who.describe() + " is gone: " + e.getMessage() + "\n" + stderrText(), e);
        }
        return readLine(during);
    }

    /** Reads one line, giving up (and killing the client) when it takes longer than twice the deadline. */
    private String readLine(String during) {
        try {
            // The client enforces the deadline itself; this guard only catches a client that hangs.
            long limit = System.nanoTime() + 2 * within.toNanos() + TimeUnit.SECONDS.toNanos(5);
            while (!out.ready()) {
                if (!process.isAlive()) {
                    String rest = out.readLine();
                    if (rest != null) {
                        return rest;
                    }
                    throw new KitError("the client as " + who.describe() + " exited with status "
                            + process.exitValue() + " during " + during + "\n" + stderrText());
                }
                if (System.nanoTime() > limit) {
                    process.destroyForcibly();
                    throw new KitError("the client as " + who.describe() + " did not reply during " + during);
                }
                process.waitFor(5, TimeUnit.MILLISECONDS);
            }
            String line = out.readLine();
            if (line == null) {
                throw new KitError("the client as " + who.describe() + " closed its output during " + during + "\n"
                        + stderrText());
            }
            return line;
        } catch (IOException e) {
            throw new KitError("cannot read from the client as " + who.describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitError("interrupted while waiting for the client as " + who.describe());
        }
    }

    private String stderrText() {
        try {
            String s = Files.readString(stderr, StandardCharsets.UTF_8);
            return s.isBlank() ? "(the client wrote nothing to stderr)" : "client stderr:\n" + s;
        } catch (IOException e) {
            return "";
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public void close() {
        try {
            in.write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
            in.close();
        } catch (IOException e) {
            // Already gone: nothing to ask it.
        }
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // A stray temp file is not worth failing over.
        }
    }
}
