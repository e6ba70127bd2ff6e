package org.ctlsock.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How to start one process: its command line, working directory, umask, extra environment and where its output
 * goes. Standard input is always empty (spec 8.2.2). {@link #start()} runs it in a session of its own, so that
 * {@link StartedProcess#stop()} and {@link StartedProcess#kill()} reach everything it forks.
 */
public final class Launch {
    private static final Path SETSID = findSetsid();
    /**
     * The signals a started process gets at their default disposition. A signal that is ignored when a program
     * starts stays ignored across exec, and a JVM started in the background by a non-interactive shell (a CI
     * script's {@code java -jar … &}) has SIGINT and SIGQUIT ignored: without the reset, a server that installs
     * no SIGINT handler would survive the kit's SIGINT or not depending on how the kit was launched.
     */
    static final String DEFAULT_SIGNALS = "HUP,INT,QUIT,PIPE,TERM";
    private static final Path ENV_DEFAULT_SIGNAL = findEnvWithDefaultSignal();

    private final List<String> command;
    private Path directory;
    private String umask;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path stdout;
    private Path stderr;
    private boolean append;
    private Duration grace = Duration.ofSeconds(10);
    private Duration killWait = Duration.ofSeconds(10);
    private Path ownedDirectory;

    private Launch(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        this.command = List.copyOf(command);
    }

    public static Launch of(List<String> command) {
        return new Launch(command);
    }

    public static Launch of(String... command) {
        return new Launch(List.of(command));
    }

    /** The working directory (default: this JVM's). */
    public Launch in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** The umask (octal, e.g. "077") the process starts with (default: this JVM's). */
    public Launch umask(String octal) {
        if (!octal.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("umask must be octal: " + octal);
        }
        this.umask = octal;
        return this;
    }

    public Launch env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Launch env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Standard output and standard error to these files (the same file for both merges them). */
    public Launch output(Path stdoutFile, Path stderrFile) {
        this.stdout = stdoutFile;
        this.stderr = stderrFile;
        return this;
    }

    /** Appends to the output files instead of replacing them. */
    public Launch appendOutput() {
        this.append = true;
        return this;
    }

    /** How long {@link StartedProcess#stop()} waits after SIGTERM before SIGKILL (default 10 s). */
    public Launch grace(Duration duration) {
        this.grace = duration;
        return this;
    }

    /** How long a stop or kill waits for SIGKILL to take effect (default 10 s). */
    public Launch killWait(Duration duration) {
        this.killWait = duration;
        return this;
    }

    /** A directory the process's {@link StartedProcess#close()} deletes (e.g. from {@link Directories#fresh}). */
    public Launch owning(Path dir) {
        this.ownedDirectory = dir;
        return this;
    }

    /** The command line as given, without the session and umask plumbing. */
    public List<String> command() {
        return command;
    }

    /**
     * Starts the process; does not wait for anything. An {@link IOException} means it could not be started at all
     * (e.g. the working directory does not exist); a command that is not found shows as exit status 127 and one
     * that cannot be executed as 126, as in a shell (setsid(1) or the umask shell execs it; without either, which
     * only happens off Linux with no umask asked for, the JDK throws the {@link IOException} instead).
     */
    public StartedProcess start() throws IOException {
        List<String> cmd = new ArrayList<>();
        if (umask != null) {
            // Java cannot set a child's umask: a tiny shell sets it and then execs the rest, so the process that
            // is signalled is the target itself.
            cmd.addAll(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        }
        if (ENV_DEFAULT_SIGNAL != null) {
            cmd.addAll(List.of(ENV_DEFAULT_SIGNAL.toString(), "--default-signal=" + DEFAULT_SIGNALS));
        }
        if (SETSID != null) {
            // The JVM's child is no process-group leader, so setsid(1) makes a new session and execs the command
            // in the same process: its pid is the session's and the group's id.
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(env);
        if (stdout != null && stdout.equals(stderr)) {
            pb.redirectErrorStream(true).redirectOutput(redirect(stdout));
        } else {
            pb.redirectOutput(stdout != null ? redirect(stdout) : ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(stderr != null ? redirect(stderr) : ProcessBuilder.Redirect.DISCARD);
        }
        Process process = pb.start();
        return StartedProcess.register(new StartedProcess(process, command, SETSID != null, stdout, stderr, grace,
                killWait, ownedDirectory));
    }

    /**
     * Runs the process to its end, at most {@code limit} (then SIGKILL), and returns its output; whatever it left
     * running in its session is killed too, so nothing outlives the call. Without {@link #output} the output goes to
     * temporary files that are removed afterwards.
     */
    public Finished run(Duration limit) throws IOException {
        Path scratch = null;
        if (stdout == null && stderr == null) {
            scratch = Directories.fresh("ctlsock-run-");
            output(scratch.resolve("stdout"), scratch.resolve("stderr"));
        }
        try (StartedProcess p = start()) {
            OptionalInt exit = p.awaitExit(limit);
            p.kill();
            return new Finished(command, exit, p.stdout(), p.stderr());
        } finally {
            if (scratch != null) {
                Directories.deleteTree(scratch);
                output(null, null);
            }
        }
    }

    private ProcessBuilder.Redirect redirect(Path file) {
        return append ? ProcessBuilder.Redirect.appendTo(file.toFile()) : ProcessBuilder.Redirect.to(file.toFile());
    }

    /** util-linux's setsid; without it (not Linux) a process is followed through its descendants instead. */
    private static Path findSetsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * coreutils' env, if it can reset signals to their default ({@code --default-signal}, coreutils 8.31 and
     * later), tried once with {@code true}; without it, started processes inherit the kit's ignored signals.
     */
    private static Path findEnvWithDefaultSignal() {
        for (String candidate : List.of("/usr/bin/env", "/bin/env")) {
            Path p = Path.of(candidate);
            if (!Files.isExecutable(p)) {
                continue;
            }
            try {
                Process probe = new ProcessBuilder(candidate, "--default-signal=" + DEFAULT_SIGNALS, "true")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor() == 0) {
                    return p;
                }
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
