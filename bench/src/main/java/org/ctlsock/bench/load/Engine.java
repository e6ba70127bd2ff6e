package org.ctlsock.bench.load;

import java.util.List;

/** How the clients of a run are driven: a thread each (blocking I/O), or event loops (non-blocking). */
public interface Engine {

    List<LoadWorker> workers(LoadSpec spec, LoadPhase phase);

    /** A short description for reports. */
    String name();
}
