package org.ctlsock.conformance.implementation;

import java.util.List;
import java.util.Optional;

/**
 * The socket profile (spec 8.5): the clauses a kit can judge on a target that does not claim {@code commands}
 * (an nginx, a Caddy: any HTTP server on a Unix socket), because all they need is some HTTP answer on some path.
 * Every other clause is N/A for such a target, with {@link #reasonOutside(String)} as the reason. The list is
 * the spec's (8.5's note lists the same ids; {@code SocketProfileTest} checks that they agree).
 */
public final class SocketProfile {
    /** Clause ids or section prefixes ("2" is all of section 2). */
    public static final List<String> CLAUSES = List.of("2", "3", "4.1.1", "4.1.2", "4.2.3", "4.3.4", "4.3.5", "4.3.8",
            "4.3.9", "7.1.2", "7.1.3", "7.3.2", "9.1", "9.2");

    private SocketProfile() {
    }

    public static boolean contains(String clauseId) {
        return CLAUSES.stream().anyMatch(p -> clauseId.equals(p) || clauseId.startsWith(p + "."));
    }

    /** Why a case of {@code clauseId} is N/A for {@code settings}, or empty when it runs. */
    public static Optional<String> reasonToSkip(KitSettings settings, String clauseId) {
        return Optional.ofNullable(clauseId).filter(id -> !settings.claims(Capability.COMMANDS) && !contains(id))
                .map(SocketProfile::reasonOutside);
    }

    public static String reasonOutside(String clauseId) {
        return "the target does not claim `commands` (spec 8.1): clause " + clauseId + " is outside the socket "
                + "profile (spec 8.5: " + String.join(", ", CLAUSES) + "), and its cases need the conformance commands";
    }

    /** The reason for one case of a profile clause that needs a command all the same. */
    public static String reasonNeedsCommands(String why) {
        return "the target does not claim `commands` (spec 8.1): " + why;
    }

    /** One line for run headers and reports: which profile this run judges. */
    public static String describe(KitSettings settings) {
        if (settings.claims(Capability.COMMANDS)) {
            return "full (the target serves the conformance commands of spec 8.1"
                    + (settings.commandsAssumed() ? "; assumed, since --capabilities was not given: "
                            + "`--capabilities none` judges the socket profile only)" : ")");
        }
        return "socket profile (spec 8.5): the target does not claim `commands`, so only clauses "
                + String.join(", ", CLAUSES) + " are judged, with any HTTP answer on any path; the rest are N/A";
    }
}
