package org.ctlsock.conformance.implementation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one instance of the target: which option words replace {@code {options}}, the umask it
 * runs under, the socket path (by default {@code <fresh dir>/ctl.sock}), and extra environment. Immutable: each
 * {@code with}-style method returns a copy, so options a case built once can start several instances.
 *
 * @param options option words for {@code {options}}, e.g. {@code List.of("--mode", "0660")}
 * @param umask the umask (octal, e.g. "077") the target inherits (spec 8.2.2)
 * @param socketPath an explicit socket path (e.g. a long one, or one in a directory the test prepared), or null
 * @param socketName the socket's file name inside the fresh run directory (default {@code ctl.sock})
 * @param env extra environment variables of the target
 * @param wrapper words to run the target command under, e.g. {@code setpriv --reuid 65534 --regid 65534
 *     --clear-groups}, or a socket-activation helper: the command line becomes wrapper + command
 * @param tracerStaysParent the wrapper is a tracer ({@link #traced}), which stays the target's parent
 */
public record LaunchOptions(List<String> options, String umask, Path socketPath, String socketName,
        Map<String, String> env, List<String> wrapper, boolean tracerStaysParent) {

    public static LaunchOptions defaults() {
        return new LaunchOptions(List.of(), "022", null, "ctl.sock", Map.of(), List.of(), false);
    }

    public LaunchOptions options(List<String> words) {
        return new LaunchOptions(List.copyOf(words), umask, socketPath, socketName, env, wrapper, tracerStaysParent);
    }

    public LaunchOptions umask(String octal) {
        if (!octal.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("umask must be octal: " + octal);
        }
        return new LaunchOptions(options, octal, socketPath, socketName, env, wrapper, tracerStaysParent);
    }

    public LaunchOptions socketPath(Path path) {
        return new LaunchOptions(options, umask, path, socketName, env, wrapper, tracerStaysParent);
    }

    public LaunchOptions socketName(String name) {
        return new LaunchOptions(options, umask, socketPath, name, env, wrapper, tracerStaysParent);
    }

    public LaunchOptions env(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new LaunchOptions(options, umask, socketPath, socketName, more, wrapper, tracerStaysParent);
    }

    public LaunchOptions wrapper(List<String> words) {
        return new LaunchOptions(options, umask, socketPath, socketName, env, List.copyOf(words), tracerStaysParent);
    }

    /**
     * A tracer to run the target under ({@code strace}, see {@code race.StraceDelay}). Unlike {@link #wrapper}'s
     * programs, which exec the command, a tracer stays the target's parent: the kit's SIGTERM at a stop goes to the
     * target, its child, since strace would only detach and leave the target running out the grace period.
     */
    public LaunchOptions traced(List<String> tracerWords) {
        return new LaunchOptions(options, umask, socketPath, socketName, env, List.copyOf(tracerWords), true);
    }
}
