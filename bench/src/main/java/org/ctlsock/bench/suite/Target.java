package org.ctlsock.bench.suite;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.process.CommandTemplate;

/**
 * One server under test.
 *
 * @param name the name in the report (a descriptor's {@code name})
 * @param role what it is compared as
 * @param command how to start it on a socket
 * @param dir the descriptor's directory, for {@code {dir}} (null when none)
 * @param requires programs it needs on the PATH
 * @param description one line for the report
 * @param beforeStart run before each start
 */
public record Target(String name, Role role, CommandTemplate command, Path dir, List<String> requires,
        String description, BeforeStart beforeStart) {

    public Target(String name, Role role, CommandTemplate command, Path dir, List<String> requires, String description) {
        this(name, role, command, dir, requires, description, socket -> { });
    }

    /** Work to do before each start, given the socket path (nginx: write its configuration). */
    @FunctionalInterface
    public interface BeforeStart {
        void prepare(java.nio.file.Path socket) throws java.io.IOException;
    }

    /** How a target takes part in the comparison. */
    public enum Role {
        /** The reference server, the one the targets are about. */
        REFERENCE,
        /** An independent implementation: the "best fixture" ratio is taken over these. */
        FIXTURE,
        /** nginx returning a fixed answer: the ceiling every ratio is taken against. */
        CEILING,
        /** Anything given with --target (e.g. the reference server with other JVM flags). */
        EXTRA
    }
}
