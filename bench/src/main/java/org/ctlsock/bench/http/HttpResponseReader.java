package org.ctlsock.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.x responses off one blocking connection: reads into one reusable buffer and hands
 * the bytes to a {@link ResponseParser}. Bytes past the end of a response stay buffered for the next
 * one. Not thread-safe; after an exception the connection must be dropped.
 */
public final class HttpResponseReader {

    private final InputStream in;
    private final ResponseParser parser = new ResponseParser();
    private final byte[] buf;
    private int pos;
    private int limit;

    public HttpResponseReader(InputStream in) {
        this(in, 16 * 1024);
    }

    HttpResponseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Makes the reader copy each body into {@code sink} (null to skip bodies again). */
    public void captureBodiesInto(ByteArrayOutputStream sink) {
        parser.captureBodiesInto(sink);
    }

    /** The status code of the last response read. */
    public int status() {
        return parser.status();
    }

    /** Whether the connection may carry another request after the last response. */
    public boolean keepAlive() {
        return parser.keepAlive();
    }

    /** The number of body bytes (after chunk decoding) of the last response. */
    public long bodyBytes() {
        return parser.bodyBytes();
    }

    /** Whether bytes beyond the last response are already buffered (a server sent more than it should). */
    public boolean hasBufferedBytes() {
        return pos < limit;
    }

    /**
     * Reads one final response (skipping any interim 1xx ones) and returns its status code.
     *
     * @param requestWasHead a response to HEAD has no body whatever its headers say
     * @throws EOFException when the connection closes before the response is complete; {@link
     *     EmptyResponseException} (a subclass) when it closes before the first byte
     * @throws HttpProtocolException when the bytes are not an HTTP/1.x response
     */
    public int readResponse(boolean requestWasHead) throws IOException {
        parser.begin(requestWasHead);
        while (true) {
            if (pos < limit) {
                pos += parser.feed(buf, pos, limit - pos);
                if (parser.isComplete()) {
                    return parser.status();
                }
            }
            // The parser took every buffered byte and wants more.
            pos = 0;
            limit = 0;
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                parser.closed();
                return parser.status();
            }
            limit = n;
        }
    }
}
