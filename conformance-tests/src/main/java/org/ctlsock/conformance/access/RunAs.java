package org.ctlsock.conformance.access;

import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * Starts the target as another user, for cases that need its socket owned by a real non-root uid.
 * These instances are not tied to one case's evidence (the access matrix shares them between many
 * cases): whoever starts them closes them.
 */
public final class RunAs {
    private RunAs() {
    }

    /**
     * The launch wrapper that runs the target command as {@code who}. A shell between setpriv and the
     * target resolves the command's program on the PATH as that user, skipping directories the user
     * cannot search (e.g. a pyenv shim in root's home), which setpriv's own lookup does not.
     */
    public static List<String> wrapper(Identity who) {
        return Stream.concat(who.setprivWords().stream(), Stream.of("/bin/sh", "-c", "exec \"$@\"", "sh")).toList();
    }

    /** Starts an instance with {@code opts} (not waiting for it), after the checks a case's own launch makes. */
    public static ServerProcess start(KitSettings settings, LaunchOptions opts) {
        if (settings.isAttached()) {
            throw new NotApplicable("attach mode (-Dctlsock.socket): the kit must start the target itself, as "
                    + "another user, which only a launched target allows");
        }
        settings.checkLaunchable();
        return ServerProcess.start(settings.command(), settings.commandDir(), opts, settings.timeouts());
    }
}
