package org.ctlsock.conformance.wire;

/** How a response's body was delimited (RFC 9112 §6.3). */
public enum Framing {
    /** No body by definition: a response to HEAD, a 1xx, 204 or 304. */
    NO_BODY,
    CONTENT_LENGTH,
    CHUNKED,
    /** The body ran until the server closed the connection. */
    CLOSE
}
