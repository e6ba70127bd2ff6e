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
import org.ctlsock.conformance.KitError;

/**
 * {@link ForeignAgentMain} running as another user under {@code setpriv}: the kit writes instructions to its
 * standard input and reads the replies from its standard output; its standard error goes to a file whose text
 * joins the evidence. Closing its input ends it.
 *
 * <p>The program's class file is copied once per JVM into a fresh directory under /tmp that every user may read
 * (the kit's own class path is usually in root's home, which other users cannot search), and run by the kit's own
 * {@code java}: so the program may have no nested classes and depend on nothing but the JDK.
 */
final class ForeignProcess implements AutoCloseable {
    /** Where the program's class file was copied (bundled code, the same for every run), once made. */
    private static Path classDir;

    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final Path stderr;

    private ForeignProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the program as {@code who}; does not wait for it (see {@link #expectLine}).
     *
     * @param role what it is, for messages ("the client", "the hostile neighbour")
     */
    static ForeignProcess start(String role, Identity who) {
        String name = role + " as " + who.describe();
        List<String> cmd = new ArrayList<>(who.setprivWords());
        cmd.addAll(javaCommand());
        Path err = null;
        try {
            err = Files.createTempFile("ctlsock-agent-" + who.uid() + "-", ".stderr");
            return new ForeignProcess(name, new ProcessBuilder(cmd).redirectError(err.toFile()).start(), err);
        } catch (IOException e) {
            deleteQuietly(err);
            throw new KitError("cannot start " + name + ": " + cmd + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
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
            String line;
            while ((line = out.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
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
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(stderr);
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A stray temp file is not worth failing over.
        }
    }

    /** {@code java … -cp DIR ForeignAgentMain}, runnable by any user. */
    private static synchronized List<String> javaCommand() {
        if (classDir == null) {
            classDir = copyClass(ForeignAgentMain.class);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Startup time matters more than peak speed for a program that sends a few requests.
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "-Xmx32m", "-cp", classDir.toString(), ForeignAgentMain.class.getName());
    }

    private static Path copyClass(Class<?> main) {
        String name = main.getName().replace('.', '/') + ".class";
        try (InputStream in = main.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("class file " + name + " not found on the kit's class path");
            }
            Path root = Files.createTempDirectory(Path.of("/tmp"), "ctlsock-client-");
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
            // deleteOnExit runs in reverse order of registration: the file first, then its directories upwards.
            List<Path> down = new ArrayList<>(List.of(root));
            root.relativize(file.getParent()).forEach(part -> down.add(down.get(down.size() - 1).resolve(part)));
            for (Path d : down) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                d.toFile().deleteOnExit();
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the program " + main.getSimpleName(), e);
        }
    }
}
