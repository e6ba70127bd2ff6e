package org.ctlsock.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.x responses off one connection, as fast as it can: one reusable buffer, headers
 * matched as bytes without building strings, bodies skipped rather than stored (unless a sink is
 * given, which the tests and {@code --print-response} use). It understands what a load generator
 * must to keep a persistent connection in step: Content-Length, chunked transfer coding (with
 * extensions and trailers), bodies delimited by the connection's close, bodiless responses (HEAD,
 * 1xx, 204, 304), interim 1xx responses, and whether the server keeps the connection open.
 *
 * <p>Not thread-safe: one reader per connection. A reader stays valid for the next response after
 * {@link #readResponse} returns normally; after an exception the connection must be dropped.
 */
public final class HttpResponseReader {

    /** Headers larger than this are a protocol error: no server under test sends such headers. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;

    private int status;
    private boolean keepAlive;
    private long bodyBytes;
    private ByteArrayOutputStream bodySink;

    public HttpResponseReader(InputStream in) {
        this(in, 16 * 1024);
    }

    HttpResponseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Makes the reader copy each body into {@code sink} (null to skip bodies again). */
    public void captureBodiesInto(ByteArrayOutputStream sink) {
        this.bodySink = sink;
    }

    /** The status code of the last response read. */
    public int status() {
        return status;
    }

    /** Whether the connection may carry another request after the last response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The number of body bytes (after chunk decoding) of the last response. */
    public long bodyBytes() {
        return bodyBytes;
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
        boolean first = true;
        while (true) {
            int headEnd = fillHead(first);
            first = false;
            parseHead(headEnd, requestWasHead);
            if (status >= 100 && status < 200 && status != 101) {
                continue; // interim response: the final one follows on the same connection
            }
            return status;
        }
    }

    // Framing decided while parsing the head.
    private long contentLength;
    private boolean chunked;
    private boolean bodyless;

    private void parseHead(int headEnd, boolean requestWasHead) throws IOException {
        int lineEnd = indexOfLf(pos, headEnd);
        parseStatusLine(pos, lineEnd);
        boolean http11 = buf[pos + 7] == '1';
        boolean connectionClose = false;
        boolean connectionKeepAlive = false;
        contentLength = -1;
        chunked = false;
        int p = lineEnd + 1;
        while (p < headEnd) {
            int end = indexOfLf(p, headEnd);
            int contentEnd = end > p && buf[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == p) {
                p = end + 1;
                break; // the empty line that ends the head
            }
            int colon = indexOf((byte) ':', p, contentEnd);
            if (colon < 0) {
                throw new HttpProtocolException("header line without a colon: " + text(p, contentEnd));
            }
            int valueStart = skipSpaces(colon + 1, contentEnd);
            int valueEnd = trimSpacesEnd(valueStart, contentEnd);
            if (nameIs(p, colon, CONTENT_LENGTH)) {
                long length = parseDecimal(valueStart, valueEnd);
                if (contentLength >= 0 && contentLength != length) {
                    throw new HttpProtocolException("conflicting Content-Length headers");
                }
                contentLength = length;
            } else if (nameIs(p, colon, TRANSFER_ENCODING)) {
                // The last coding is the one that frames the message (RFC 9112, 6.1).
                chunked = endsWithToken(valueStart, valueEnd, CHUNKED);
            } else if (nameIs(p, colon, CONNECTION)) {
                connectionClose |= containsToken(valueStart, valueEnd, CLOSE);
                connectionKeepAlive |= containsToken(valueStart, valueEnd, KEEP_ALIVE);
            }
            p = end + 1;
        }
        pos = p;
        keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        bodyBytes = 0;
        bodyless = requestWasHead || status < 200 || status == 204 || status == 304;
        if (status >= 100 && status < 200 && status != 101) {
            return;
        }
        if (bodyless) {
            return;
        }
        if (chunked) {
            readChunkedBody();
        } else if (contentLength >= 0) {
            skipBody(contentLength);
        } else {
            readBodyUntilClose();
            keepAlive = false;
        }
    }

    private void parseStatusLine(int start, int lineEnd) throws HttpProtocolException {
        // "HTTP/1.x ddd" at least, then an optional reason phrase.
        int end = lineEnd > start && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        if (end - start < 12
                || buf[start] != 'H' || buf[start + 1] != 'T' || buf[start + 2] != 'T' || buf[start + 3] != 'P'
                || buf[start + 4] != '/' || buf[start + 5] != '1' || buf[start + 6] != '.'
                || (buf[start + 7] != '0' && buf[start + 7] != '1') || buf[start + 8] != ' '
                || !isDigit(buf[start + 9]) || !isDigit(buf[start + 10]) || !isDigit(buf[start + 11])
                || (end - start > 12 && buf[start + 12] != ' ')) {
            throw new HttpProtocolException("not an HTTP/1.x status line: " + text(start, end));
        }
        status = (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
    }

    /**
     * Makes sure the whole head (status line to empty line) is buffered from {@code pos}, and returns
     * the index just past its final line feed.
     */
    private int fillHead(boolean firstOfResponse) throws IOException {
        int scanned = 0; // bytes after pos already searched; offsets from pos survive compaction
        while (true) {
            // Back up a few bytes so an end of head split across two reads is still found.
            int end = findHeadEnd(pos + Math.max(0, scanned - 3));
            if (end >= 0) {
                return end;
            }
            scanned = limit - pos;
            if (!readMore()) {
                if (limit == pos && firstOfResponse) {
                    throw new EmptyResponseException();
                }
                throw new EOFException("connection closed inside the response head after "
                        + (limit - pos) + " bytes");
            }
            if (limit - pos > MAX_HEAD_BYTES) {
                throw new HttpProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    /** Finds the end of the head (after "\n\r\n" or "\n\n"), or -1. */
    private int findHeadEnd(int from) {
        for (int i = from; i < limit; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < limit && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < limit && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private void readChunkedBody() throws IOException {
        while (true) {
            int lineEnd = readLine();
            int end = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            int sizeEnd = indexOf((byte) ';', pos, end);
            if (sizeEnd < 0) {
                sizeEnd = end;
            }
            long size = parseHex(pos, trimSpacesEnd(pos, sizeEnd));
            pos = lineEnd + 1;
            if (size == 0) {
                // Trailer fields, then the empty line.
                while (true) {
                    int trailerEnd = readLine();
                    boolean empty = trailerEnd == pos || (trailerEnd == pos + 1 && buf[pos] == '\r');
                    pos = trailerEnd + 1;
                    if (empty) {
                        return;
                    }
                }
            }
            skipBody(size);
            int crlfEnd = readLine();
            if (!(crlfEnd == pos || (crlfEnd == pos + 1 && buf[pos] == '\r'))) {
                throw new HttpProtocolException("chunk data not followed by CRLF");
            }
            pos = crlfEnd + 1;
        }
    }

    /** Makes sure a line is buffered from {@code pos}, returns the index of its line feed. */
    private int readLine() throws IOException {
        int scanned = 0; // offsets from pos survive the compaction in readMore
        while (true) {
            int lf = indexOfLf(pos + scanned, limit);
            if (lf < limit) {
                return lf;
            }
            scanned = limit - pos;
            if (!readMore()) {
                throw new EOFException("connection closed inside chunked framing");
            }
            if (limit - pos > MAX_HEAD_BYTES) {
                throw new HttpProtocolException("chunk-size or trailer line longer than " + MAX_HEAD_BYTES);
            }
        }
    }

    private void skipBody(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    throw new EOFException("connection closed with " + remaining + " of " + length
                            + " body bytes missing");
                }
                limit = n;
            }
            int take = (int) Math.min(remaining, limit - pos);
            if (bodySink != null) {
                bodySink.write(buf, pos, take);
            }
            pos += take;
            remaining -= take;
            bodyBytes += take;
        }
    }

    private void readBodyUntilClose() throws IOException {
        while (true) {
            if (pos < limit) {
                if (bodySink != null) {
                    bodySink.write(buf, pos, limit - pos);
                }
                bodyBytes += limit - pos;
            }
            pos = 0;
            limit = 0;
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return;
            }
            limit = n;
        }
    }

    /**
     * Reads more bytes after {@code limit}, first moving the unread bytes to the start of the buffer
     * (growing it when it is full). Indices relative to {@code pos} stay valid; callers rescan.
     */
    private boolean readMore() throws IOException {
        if (pos > 0) {
            int unread = limit - pos;
            System.arraycopy(buf, pos, buf, 0, unread);
            pos = 0;
            limit = unread;
        }
        if (limit == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
            from++;
        }
        return from;
    }

    private int trimSpacesEnd(int from, int to) {
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Case-insensitive comparison of buf[from, to) with a lower-case ASCII name. */
    private boolean nameIs(int from, int to, byte[] lowerName) {
        if (to - from != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if ((buf[from + i] | 0x20) != lowerName[i] && buf[from + i] != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in buf[from, to) contains {@code token} (case-insensitive). */
    private boolean containsToken(int from, int to, byte[] token) {
        int start = from;
        while (start < to) {
            int comma = indexOf((byte) ',', start, to);
            int end = comma < 0 ? to : comma;
            int s = skipSpaces(start, end);
            int e = trimSpacesEnd(s, end);
            if (nameIs(s, e, token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether the last element of the comma-separated list in buf[from, to) is {@code token}. */
    private boolean endsWithToken(int from, int to, byte[] token) {
        int lastComma = -1;
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == ',') {
                lastComma = i;
                break;
            }
        }
        int s = skipSpaces(lastComma < 0 ? from : lastComma + 1, to);
        return nameIs(s, trimSpacesEnd(s, to), token);
    }

    private long parseDecimal(int from, int to) throws HttpProtocolException {
        if (from == to || to - from > 18) {
            throw new HttpProtocolException("bad Content-Length: " + text(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(buf[i])) {
                throw new HttpProtocolException("bad Content-Length: " + text(from, to));
            }
            value = value * 10 + (buf[i] - '0');
        }
        return value;
    }

    private long parseHex(int from, int to) throws HttpProtocolException {
        if (from == to || to - from > 15) {
            throw new HttpProtocolException("bad chunk size: " + text(from, to));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(buf[i], 16);
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
        return '"' + new String(buf, from, Math.max(0, end - from), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
