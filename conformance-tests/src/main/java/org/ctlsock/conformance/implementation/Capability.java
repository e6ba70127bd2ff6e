package org.ctlsock.conformance.implementation;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a target claims beyond the socket profile, with the names descriptors use (8.3.1): the conformance
 * command set of section 8.1, and the optional capabilities of section 9.
 */
public enum Capability {
    COMMANDS("commands", "8.1"),
    MODE("mode", "9.1"),
    GROUP("group", "9.2"),
    PEERCRED("peercred", "9.3"),
    SOCKET_ACTIVATION("socket-activation", "9.4"),
    QUERY_ARGS("query-args", "9.5"),
    TIMEOUTS("timeouts", "9.6");

    private final String specName;
    private final String section;

    Capability(String specName, String section) {
        this.specName = specName;
        this.section = section;
    }

    public String specName() {
        return specName;
    }

    /** The spec section that defines it, e.g. {@code 9.1}. */
    public String section() {
        return section;
    }

    /** Every spec name, for messages that list what is known. */
    public static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(Capability::specName).toList());
    }

    public static Optional<Capability> bySpecName(String name) {
        return Arrays.stream(values()).filter(c -> c.specName.equals(name)).findFirst();
    }
}
