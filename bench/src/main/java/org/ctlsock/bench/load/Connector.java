package org.ctlsock.bench.load;

import java.io.IOException;

/** Opens connections to the server under test; one implementation per socket library. */
public interface Connector {

    /** Opens a new connection (blocking, with the connector's read timeout). */
    Connection open() throws IOException;

    /** A short name for reports, e.g. {@code junixsocket}. */
    String name();
}
