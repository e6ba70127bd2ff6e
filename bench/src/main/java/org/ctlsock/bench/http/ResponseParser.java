package org.ctlsock.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * An incremental ("push") parser of HTTP/1.x responses: it is given whatever bytes have arrived and
 * keeps its place between calls, so the same code serves a blocking reader and a non-blocking event
 * loop. It understands what a load generator must to keep a persistent connection in step:
 * Content-Length, chunked transfer coding (with extensions and trailers), bodies delimited by the
 * connection's close, bodiless responses (HEAD, 1xx, 204, 304), interim 1xx responses, and whether
 * the server keeps the connection open. Bodies are counted and skipped (or copied to a sink).
 *
 * <p>Use: {@link #begin}, then {@link #feed} until {@link #isComplete}; when the connection closes
 * first, {@link #closed}. Not thread-safe: one parser per connection.
 */
public final class ResponseParser {

    /** A head or framing line longer than this is a protocol error: no server under test sends one. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private enum State { STATUS_LINE, HEADER_LINE, BODY_FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, BODY_UNTIL_CLOSE, DONE }

    private State state = State.DONE;
    private boolean requestWasHead;
    private byte[] line = new byte[256];
    private int lineLength;
    private int headBytes;
    private boolean anyByte;

    private int status;
    private boolean http11;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private long contentLength;
    private boolean chunked;
    private boolean keepAlive;
    private long remaining;
    private long bodyBytes;
    private ByteArrayOutputStream bodySink;

    /** Makes the parser copy each body into {@code sink} (null to skip bodies again). */
    public void captureBodiesInto(ByteArrayOutputStream sink) {
        this.bodySink = sink;
    }

    /** Starts a new response. */
    public void begin(boolean requestWasHead) {
        this.requestWasHead = requestWasHead;
        this.anyByte = false;
        this.bodyBytes = 0;
        startHead();
    }

    private void startHead() {
        state = State.STATUS_LINE;
        lineLength = 0;
        headBytes = 0;
        connectionClose = false;
        connectionKeepAlive = false;
        contentLength = -1;
        chunked = false;
    }

    public boolean isComplete() {
        return state == State.DONE;
    }

    public int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * Consumes bytes of {@code b[off, off + len)} and returns how many: all of them unless the
     * response completes before their end (the rest then belongs to whatever follows).
     *
     * @throws HttpProtocolException when the bytes are not an HTTP/1.x response
     */
    public int feed(byte[] b, int off, int len) throws HttpProtocolException {
        int p = off;
        int end = off + len;
        if (len > 0) {
            anyByte = true;
        }
        while (p < end && state != State.DONE) {
            switch (state) {
                case BODY_FIXED, CHUNK_DATA -> {
                    int take = (int) Math.min(remaining, end - p);
                    body(b, p, take);
                    p += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == State.BODY_FIXED ? State.DONE : State.CHUNK_END;
                    }
                }
                case BODY_UNTIL_CLOSE -> {
                    body(b, p, end - p);
                    p = end;
                }
                default -> {
                    // A line-oriented state: collect up to the line feed, then act on the line.
                    int lf = p;
                    while (lf < end && b[lf] != '\n') {
                        lf++;
                    }
                    int n = lf - p;
                    if (lineLength + n > MAX_HEAD_BYTES || (isHead() && headBytes + n > MAX_HEAD_BYTES)) {
                        throw new HttpProtocolException(isHead() ? "response head longer than " + MAX_HEAD_BYTES + " bytes"
                                : "chunk-size or trailer line longer than " + MAX_HEAD_BYTES + " bytes");
                    }
                    appendToLine(b, p, n);
                    headBytes += n;
                    if (lf == end) {
                        p = end;
                    } else {
                        p = lf + 1;
                        headBytes++;
                        int lineEnd = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                        lineLength = 0;
                        onLine(lineEnd);
                    }
                }
            }
        }
        return p - off;
    }

    /**
     * The connection closed. Completes a body delimited by the close; otherwise the response is
     * truncated.
     *
     * @throws EmptyResponseException when not one byte of the response arrived
     * @throws EOFException when the response was incomplete
     */
    public void closed() throws EOFException {
        switch (state) {
            case DONE -> { }
            case BODY_UNTIL_CLOSE -> {
                state = State.DONE;
                keepAlive = false;
            }
            case STATUS_LINE, HEADER_LINE -> {
                if (!anyByte) {
                    throw new EmptyResponseException();
                }
                throw new EOFException("connection closed inside the response head after " + headBytes + " bytes");
            }
            case BODY_FIXED -> throw new EOFException("connection closed with " + remaining + " of " + contentLength
                    + " body bytes missing");
            default -> throw new EOFException("connection closed inside chunked framing");
        }
    }

    private boolean isHead() {
        return state == State.STATUS_LINE || state == State.HEADER_LINE;
    }

    private void appendToLine(byte[] b, int from, int n) {
        if (lineLength + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(b, from, line, lineLength, n);
        lineLength += n;
    }

    private void body(byte[] b, int from, int n) {
        if (bodySink != null) {
            bodySink.write(b, from, n);
        }
        bodyBytes += n;
    }

    /** Acts on a complete line, {@code line[0, end)} without its CRLF. */
    private void onLine(int end) throws HttpProtocolException {
        switch (state) {
            case STATUS_LINE -> {
                parseStatusLine(end);
                state = State.HEADER_LINE;
            }
            case HEADER_LINE -> {
                if (end == 0) {
                    endOfHead();
                } else {
                    parseHeader(end);
                }
            }
            case CHUNK_SIZE -> {
                int sizeEnd = indexOf((byte) ';', 0, end);
                long size = parseHex(0, trimEnd(0, sizeEnd < 0 ? end : sizeEnd));
                if (size == 0) {
                    state = State.TRAILER;
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (end != 0) {
                    throw new HttpProtocolException("chunk data not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILER -> {
                if (end == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void parseStatusLine(int end) throws HttpProtocolException {
        // "HTTP/1.x ddd", then an optional space and reason phrase.
        if (end < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/'
                || line[5] != '1' || line[6] != '.' || (line[7] != '0' && line[7] != '1') || line[8] != ' '
                || !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) || (end > 12 && line[12] != ' ')) {
            throw new HttpProtocolException("not an HTTP/1.x status line: " + text(0, end));
        }
        http11 = line[7] == '1';
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    }

    private void parseHeader(int end) throws HttpProtocolException {
        int colon = indexOf((byte) ':', 0, end);
        if (colon <= 0) {
            throw new HttpProtocolException("header line without a name and colon: " + text(0, end));
        }
        int valueStart = skipSpaces(colon + 1, end);
        int valueEnd = trimEnd(valueStart, end);
        if (nameIs(0, colon, CONTENT_LENGTH)) {
            long length = parseDecimal(valueStart, valueEnd);
            if (contentLength >= 0 && contentLength != length) {
                throw new HttpProtocolException("conflicting Content-Length headers");
            }
            contentLength = length;
        } else if (nameIs(0, colon, TRANSFER_ENCODING)) {
            // The last coding is the one that frames the message (RFC 9112, 6.1).
            chunked = lastTokenIs(valueStart, valueEnd, CHUNKED);
        } else if (nameIs(0, colon, CONNECTION)) {
            connectionClose |= containsToken(valueStart, valueEnd, CLOSE);
            connectionKeepAlive |= containsToken(valueStart, valueEnd, KEEP_ALIVE);
        }
    }

    private void endOfHead() {
        keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        if (status >= 100 && status < 200 && status != 101) {
            startHead(); // an interim response: the final one follows
            return;
        }
        if (requestWasHead || status < 200 || status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY_FIXED;
        } else {
            state = State.BODY_UNTIL_CLOSE;
            keepAlive = false;
        }
    }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private int indexOf(byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        while (from < to && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        return from;
    }

    private int trimEnd(int from, int to) {
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** ASCII case-insensitive comparison of line[from, to) with a lower-case name. */
    private boolean nameIs(int from, int to, byte[] lowerName) {
        if (to - from != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            byte c = line[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean containsToken(int from, int to, byte[] token) {
        int start = from;
        while (start <= to) {
            int comma = indexOf((byte) ',', start, to);
            int itemEnd = comma < 0 ? to : comma;
            int s = skipSpaces(start, itemEnd);
            if (nameIs(s, trimEnd(s, itemEnd), token)) {
                return true;
            }
            start = itemEnd + 1;
        }
        return false;
    }

    private boolean lastTokenIs(int from, int to, byte[] token) {
        int s = from;
        for (int i = to - 1; i >= from; i--) {
            if (line[i] == ',') {
                s = i + 1;
                break;
            }
        }
        s = skipSpaces(s, to);
        return nameIs(s, trimEnd(s, to), token);
    }

    private long parseDecimal(int from, int to) throws HttpProtocolException {
        if (from == to || to - from > 18) {
            throw new HttpProtocolException("bad Content-Length: " + text(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(line[i])) {
                throw new HttpProtocolException("bad Content-Length: " + text(from, to));
            }
            value = value * 10 + (line[i] - '0');
        }
        return value;
    }

    private long parseHex(int from, int to) throws HttpProtocolException {
        if (from == to || to - from > 15) {
            throw new HttpProtocolException("bad chunk size: " + text(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                throw new HttpProtocolException("bad chunk size: " + text(from, to));
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private String text(int from, int to) {
        int end = Math.min(to, from + 200);
        return '"' + new String(line, from, Math.max(0, end - from), StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
