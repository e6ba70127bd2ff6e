package org.ctlsock.conformance.clauses;

/**
 * The one thing clause classes that run at the same time (junit-platform.properties) can take from each other:
 * the machine's CPU and memory. A class that loads the machine heavily (hundreds of connections, bodies that parse
 * into hundreds of MiB, a process limit) holds {@link #RESOURCE} exclusively, so no two of them add up; a class
 * whose cases act at chosen instants (widened race windows, a kill during start-up, a signal while a request is in
 * flight) or that loads the machine moderately holds it shared, so it never runs beside a heavy one, where a
 * correct server could miss an instant the case chose and a broken one slip through a window the case widened.
 * Every other class needs nothing the others use: its own directories, its own or its class's instances.
 */
final class MachineLoad {
    /** The lock's name, for {@code @ResourceLock(value = MachineLoad.RESOURCE, mode = …)}. */
    static final String RESOURCE = "ctlsock.machine-load";

    private MachineLoad() {
    }
}
