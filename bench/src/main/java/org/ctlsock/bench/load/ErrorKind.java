package org.ctlsock.bench.load;

/** Why a request got no response, as counted and reported separately. */
public enum ErrorKind {
    /** The connection could not be opened (no socket, refused, permission denied, ...). */
    CONNECT("connect"),
    /** Sending the request failed. */
    WRITE("write"),
    /** No complete response within the read timeout. */
    TIMEOUT("timeout"),
    /** The server closed the connection before the response was complete. */
    CLOSED("closed"),
    /** Another I/O error while reading (e.g. connection reset). */
    READ("read"),
    /** The bytes received are not an HTTP/1.x response. */
    PROTOCOL("protocol");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
