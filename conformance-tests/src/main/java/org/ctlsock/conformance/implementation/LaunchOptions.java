package org.ctlsock.conformance.implementation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one instance of the target: which option words replace {@code {options}}, the umask it
 * runs under, the socket path (by default {@code <fresh dir>/ctl.sock}), and extra environment.
 */
public final class LaunchOptions {
    private List<String> options = List.of();
    private String umask = "022";
    private Path socketPath;
    private String socketName = "ctl.sock";
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> wrapper = List.of();
    private boolean tracerStaysParent;

    public static LaunchOptions defaults() {
        return new LaunchOptions();
    }

    /** Option words for {@code {options}}, e.g. {@code List.of("--mode", "0660")}. */
    public LaunchOptions options(List<String> words) {
        this.options = List.copyOf(words);
        return this;
    }

    /** The umask (octal, e.g. "077") the target inherits (spec 8.2.2). */
    public LaunchOptions umask(String octal) {
        if (!octal.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("umask must be octal: " + octal);
        }
        this.umask = octal;
        return this;
    }

    /** An explicit socket path (e.g. a long one, or one in a directory the test prepared). */
    public LaunchOptions socketPath(Path path) {
        this.socketPath = path;
        return this;
    }

    /** The socket's file name inside the fresh run directory (default {@code ctl.sock}). */
    public LaunchOptions socketName(String name) {
        this.socketName = name;
        return this;
    }

    public LaunchOptions env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * Words to run the target command under, e.g. {@code setpriv --reuid 65534 --regid 65534
     * --clear-groups}, or a socket-activation helper: the command line becomes wrapper + command.
     */
    public LaunchOptions wrapper(List<String> words) {
        this.wrapper = List.copyOf(words);
        return this;
    }

    /**
     * A tracer to run the target under ({@code strace}, see {@code race.StraceDelay}). Unlike {@link #wrapper}'s
     * programs, which exec the command, a tracer stays the target's parent: the kit's SIGTERM at a stop goes to the
     * target, its child, since strace would only detach and leave the target running out the grace period.
     */
    public LaunchOptions traced(List<String> tracerWords) {
        wrapper(tracerWords);
        this.tracerStaysParent = true;
        return this;
    }

    public boolean tracerStaysParent() {
        return tracerStaysParent;
    }

    public List<String> options() {
        return options;
    }

    public String umask() {
        return umask;
    }

    public Path socketPath() {
        return socketPath;
    }

    public String socketName() {
        return socketName;
    }

    public Map<String, String> env() {
        return env;
    }

    public List<String> wrapper() {
        return wrapper;
    }
}
