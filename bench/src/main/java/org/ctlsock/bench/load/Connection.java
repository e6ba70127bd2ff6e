package org.ctlsock.bench.load;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** One open client connection: a byte stream each way. */
public interface Connection extends Closeable {

    InputStream in();

    OutputStream out();

    /** Closes the connection, never throwing: a load run has nothing useful to do with that error. */
    @Override
    void close();
}
