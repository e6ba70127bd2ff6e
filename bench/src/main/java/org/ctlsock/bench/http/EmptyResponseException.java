package org.ctlsock.bench.http;

import java.io.EOFException;

/**
 * The connection closed before the first byte of a response: on a reused persistent connection
 * this usually means the server closed it while it was idle.
 */
public class EmptyResponseException extends EOFException {
    public EmptyResponseException() {
        super("connection closed before any byte of the response");
    }
}
