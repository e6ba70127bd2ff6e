package org.ctlsock.conformance.implementation;

import java.util.Arrays;
import java.util.Optional;

/** The optional capabilities of spec section 9, with the names descriptors use (8.3.1). */
public enum Capability {
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

    public static Optional<Capability> bySpecName(String name) {
        return Arrays.stream(values()).filter(c -> c.specName.equals(name)).findFirst();
    }
}
