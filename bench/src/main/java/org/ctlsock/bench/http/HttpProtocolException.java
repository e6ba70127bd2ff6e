package org.ctlsock.bench.http;

import java.io.IOException;

/** The server sent bytes that are not a well-formed HTTP/1.x response. */
public class HttpProtocolException extends IOException {
    public HttpProtocolException(String message) {
        super(message);
    }
}
