package org.ctlsock.conformance.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.wire.Request;

/**
 * {@link ForeignAgentMain} running as another user under {@code setpriv}: a client, through which the kit connects
 * to sockets with that user's credentials, or the program behind a {@link HostileNeighbour}. The kit writes
 * instructions to its standard input and reads the replies from its standard output; its standard error goes to a
 * file whose text joins the evidence. Closing its input ends it. One process serves any number of exchanges, one
 * at a time; start several (one per identity) and {@link #awaitReady()} them together, since a JVM takes a moment
 * to start.
 *
 * <p>The program's class file is copied once per JVM into a jar under /tmp that every user may read
 * (the kit's own class path is usually in root's home, which other users cannot search), and run by the kit's own
 * {@code java}: so the program may have no nested classes and depend on nothing but the JDK.
 */
public final class ForeignClient implements AutoCloseable {
    /** The jar the program's class file was copied into (bundled code, the same for every run), once made. */
    private static Path classJar;

    private final Identity who;
    private final Duration within;
    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final Path stderr;
    private boolean ready;

    /**
     * Starts the program as {@code who}; does not wait for it (see {@link #awaitReady()}, {@link #expectLine}).
     *
     * @param role what it is, for messages ("the client", "the hostile neighbour")
     * @param within the deadline of what it does
     */
    ForeignClient(String role, Identity who, Duration within) {
        this.who = who;
        this.within = within;
        this.name = role + " as " + who.describe();
        List<String> cmd = new ArrayList<>(who.setprivWords());
        cmd.addAll(javaCommand());
        Path err = null;
        try {
            err = Files.createTempFile("ctlsock-agent-" + who.uid() + "-", ".stderr");
            err.toFile().deleteOnExit(); // should the kit be stopped before close() deletes it
            this.process = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        } catch (IOException e) {
            if (err != null) {
                err.toFile().delete(); // a stray temp file is not worth failing over
            }
            throw new KitError("cannot start " + name + ": " + cmd + ": " + e.getMessage(), e);
        }
        this.stderr = err;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the client as {@code who}; does not wait for it (see {@link #awaitReady()}). */
    public static ForeignClient start(Identity who, Duration within) {
        return new ForeignClient("the client", who, within);
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
        expectLine("READY", "its start", limit());
        ready = true;
    }

    /**
     * Connects to {@code socket} as this client's user, sends {@code request} (which should say
     * {@code Connection: close}) and collects what comes back until the server closes.
     */
    public synchronized ForeignExchange exchange(Path socket, Request request) {
        awaitReady();
        byte[] bytes = request.toBytes();
        String reply = ask("EXCHANGE " + encode(socket) + " " + Base64.getEncoder().encodeToString(bytes)
                + " " + within.toMillis(), "an exchange with " + socket);
        String[] w = reply.split(" ");
        Base64.Decoder d = Base64.getDecoder();
        return switch (w[0]) {
            case "ANSWERED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.ANSWERED, bytes,
                    w.length > 1 ? d.decode(w[1]) : new byte[0], w.length > 2 && w[2].equals("CLOSED"), "");
            case "DENIED", "FAILED" -> new ForeignExchange(who, socket, ForeignExchange.Outcome.valueOf(w[0]), bytes,
                    new byte[0], true, new String(d.decode(w[1]), StandardCharsets.UTF_8));
            default -> throw new KitError(name + " answered \"" + reply + "\"");
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
        String reply = ask("SILENT " + encode(socket) + " " + count + " " + deadline.toMillis(),
                count + " silent connections to " + socket);
        String[] w = reply.split(" ");
        if (w[0].equals("HELD") && w.length >= 4) {
            return new SilentCrowd(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    w.length > 4 ? Base64.getDecoder().decode(w[4]) : new byte[0]);
        }
        throw new KitError(name + " answered \"" + reply + "\"");
    }

    /** Sends one instruction to the client and reads its one-line reply. */
    private String ask(String command, String during) {
        writeLine(command);
        return readLine(during, limit());
    }

    /** The client keeps the deadline of what it does; twice that and more only catches a client that hangs. */
    private Duration limit() {
        return within.multipliedBy(2).plusSeconds(5);
    }

    void writeLine(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new KitError(name + " is gone: " + e.getMessage() + "\n" + stderrText(), e);
        }
    }

    /**
     * Reads one line, polling until {@code limit}: the program keeps the deadlines of what it does itself; this
     * limit only catches one that hangs, which is then killed.
     */
    String readLine(String during, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        try {
            while (!out.ready() && process.isAlive()) {
                if (System.nanoTime() > end) {
                    process.destroyForcibly();
                    throw new KitError(name + " did not reply within " + limit.toMillis() + " ms during " + during);
                }
                process.waitFor(5, TimeUnit.MILLISECONDS);
            }
            String line = out.readLine();
            if (line == null) {
                String status = process.waitFor(1, TimeUnit.SECONDS) ? "exit status " + process.exitValue()
                        : "still running";
                throw new KitError(name + " closed its output (" + status + ") during " + during + "\n" + stderrText());
            }
            return line;
        } catch (IOException e) {
            throw new KitError("cannot read from " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitError("interrupted while waiting for " + name);
        }
    }

    /** Hands every further line of its output to {@code sink}, on the calling thread, until the output ends. */
    void forEachLine(Consumer<String> sink) {
        try {
            out.lines().forEach(sink);
        } catch (UncheckedIOException e) {
            // It ended: nothing more to hand on.
        }
    }

    /** Reads one line and fails unless it is {@code expected} (e.g. READY: the program has started). */
    void expectLine(String expected, String during, Duration limit) {
        String line = readLine(during, limit);
        if (!expected.equals(line)) {
            throw new KitError(name + " did not start: " + line + "\n" + stderrText());
        }
    }

    /** A path as the program's instructions carry it. */
    static String encode(Path p) {
        return Base64.getEncoder().encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** What it wrote to its standard error, for a message that says it failed. */
    String stderrText() {
        try {
            String s = Files.readString(stderr, StandardCharsets.UTF_8);
            return s.isBlank() ? "(it wrote nothing to stderr)" : "its stderr:\n" + s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Closes its input (it exits at the end of input) and ends it; returns once it is gone. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone: it is ended below anyway.
        }
        process.destroyForcibly().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        stderr.toFile().delete(); // a stray temp file is not worth failing over
    }

    /** {@code java … -cp JAR ForeignAgentMain}, runnable by any user. */
    private static synchronized List<String> javaCommand() {
        if (classJar == null) {
            classJar = jarOf(ForeignAgentMain.class);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Startup time matters more than peak speed for a program that sends a few requests.
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "-Xmx32m", "-cp", classJar.toString(), ForeignAgentMain.class.getName());
    }

    /** A jar under /tmp that every user may read, holding the one class file; removed when the kit exits. */
    private static Path jarOf(Class<?> main) {
        String name = main.getName().replace('.', '/') + ".class";
        try (InputStream in = main.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("class file " + name + " not found on the kit's class path");
            }
            Path jar = Files.createTempFile(Path.of("/tmp"), "ctlsock-client-", ".jar");
            jar.toFile().deleteOnExit();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry(name));
                in.transferTo(out);
            }
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the program " + main.getSimpleName(), e);
        }
    }
}
