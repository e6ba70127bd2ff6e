package org.ctlsock.conformance.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads HTTP/1.x responses strictly (RFC 9112): CRLF line ends, a well-formed status line and header
 * fields, and a body framed by Content-Length, chunked coding or close. Anything malformed is a {@link
 * ProtocolViolation} that says what was expected and what came.
 */
final class ResponseReader {
    private static final int MAX_LINE = 65536;
    private static final int MAX_HEADERS = 1000;
    private static final Pattern STATUS_LINE = Pattern.compile("(HTTP/\\d\\.\\d) (\\d{3})(?: (.*))?");
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,15})[ \\t]*(;.*)?");

    private final InputStream in;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next response (interim 1xx ones included).
     *
     * @param noBody true when the request was HEAD: the response has no body whatever its headers say
     * @return empty when the connection was closed before the first byte of a response
     */
    Optional<HttpResponse> read(boolean noBody) throws IOException {
        // A timeout before the first byte propagates as SocketTimeoutException: RawConnection words it.
        String statusLine = readLine(true, "the status line");
        if (statusLine == null) {
            return Optional.empty();
        }
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            throw new ProtocolViolation("expected a status line like \"HTTP/1.1 200 OK\", got \""
                    + printable(statusLine) + "\" (stray bytes after the previous response mean its Content-Length "
                    + "was shorter than its body)");
        }
        String version = m.group(1);
        int status = Integer.parseInt(m.group(2));
        String reason = m.group(3) == null ? "" : m.group(3);
        List<Map.Entry<String, String>> headers = readHeaders("header section");
        List<String> issues = new ArrayList<>();
        // The head alone, for its header lookups while the framing is worked out.
        HttpResponse head = new HttpResponse(version, status, reason, headers, new byte[0], Framing.NO_BODY, issues);
        Framing framing = framing(head, noBody, issues);
        byte[] body = switch (framing) {
            case NO_BODY -> new byte[0];
            case CHUNKED -> readChunked();
            case CONTENT_LENGTH -> readExactly(contentLength(head.headers("Content-Length")));
            case CLOSE -> readToEnd(status);
        };
        return Optional.of(new HttpResponse(version, status, reason, headers, body, framing, issues));
    }

    /**
     * How the body is delimited (RFC 9112 §6.3), noting in {@code issues} what is wrong but can be read; a
     * framing that cannot be read at all is a {@link ProtocolViolation}.
     */
    private static Framing framing(HttpResponse head, boolean noBody, List<String> issues) {
        int status = head.status();
        if (status < 200 || status == 204 || status == 304 || noBody) {
            return Framing.NO_BODY;
        }
        List<String> te = head.headers("Transfer-Encoding");
        List<String> cl = head.headers("Content-Length");
        if (!te.isEmpty()) {
            if (!cl.isEmpty()) {
                issues.add("response has both Transfer-Encoding and Content-Length (RFC 9112 §6.3 forbids it)");
            }
            String last = te.get(te.size() - 1);
            String[] codings = last.split(",");
            if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                throw new ProtocolViolation("response Transfer-Encoding \"" + last + "\" does not end in chunked");
            }
            return Framing.CHUNKED;
        }
        if (!cl.isEmpty()) {
            return Framing.CONTENT_LENGTH;
        }
        boolean saysClose = head.headerHasToken("Connection", "close");
        if (!saysClose && "HTTP/1.1".equals(head.version())) {
            // Spec 4.2.2: a close-delimited response says Connection: close. Without it the framing is known to be
            // broken now; waiting for a close that a kept-open connection never brings would only cost the deadline.
            throw new ProtocolViolation("response " + status + " has neither Content-Length nor chunked coding nor "
                    + "Connection: close, so its end cannot be known (clause 4.2.2; accepted: a correct "
                    + "Content-Length, chunked coding, or Connection: close and then a close)");
        }
        if (!saysClose) {
            issues.add("response has neither Content-Length nor chunked coding and does not say Connection: close "
                    + "(clause 4.2.2)");
        }
        return Framing.CLOSE;
    }

    private List<Map.Entry<String, String>> readHeaders(String what) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        while (true) {
            String line = readLine(false, "the " + what);
            if (line.isEmpty()) {
                return headers;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new ProtocolViolation("obsolete line folding in the " + what + ": \"" + printable(line) + "\"");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                throw new ProtocolViolation("malformed header field line in the " + what + ": \"" + printable(line)
                        + "\" (expected \"Name: value\")");
            }
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
            if (headers.size() > MAX_HEADERS) {
                throw new ProtocolViolation("more than " + MAX_HEADERS + " header fields in the " + what);
            }
        }
    }

    private static long contentLength(List<String> values) {
        Long length = null;
        for (String v : values) {
            for (String part : v.split(",")) {
                String p = part.strip();
                if (!p.matches("\\d{1,18}")) {
                    throw new ProtocolViolation("response Content-Length \"" + v + "\" is not a decimal number");
                }
                long n = Long.parseLong(p);
                if (length != null && length != n) {
                    throw new ProtocolViolation("response has differing Content-Length values " + values);
                }
                length = n;
            }
        }
        return length;
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > 64L * 1024 * 1024) {
            throw new ProtocolViolation("response Content-Length " + length + " is beyond what the kit accepts");
        }
        byte[] body = new byte[(int) length];
        int got = 0;
        while (got < length) {
            int n;
            try {
                n = in.read(body, got, (int) length - got);
            } catch (SocketTimeoutException e) {
                throw new ProtocolViolation("Content-Length says " + length + " bytes but only " + got
                        + " arrived before the kit gave up waiting", e);
            }
            if (n < 0) {
                throw new ProtocolViolation("Content-Length says " + length + " bytes but the connection closed after "
                        + got);
            }
            got += n;
        }
        return body;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false, "a chunk-size line");
            Matcher m = CHUNK_SIZE.matcher(sizeLine);
            if (!m.matches()) {
                throw new ProtocolViolation("malformed chunk-size line \"" + printable(sizeLine) + "\"");
            }
            long size = Long.parseLong(m.group(1), 16);
            if (size == 0) {
                readHeaders("trailer section");
                return body.toByteArray();
            }
            byte[] chunk = readExactly(size);
            body.write(chunk, 0, chunk.length);
            String end = readLine(false, "the CRLF after a chunk");
            if (!end.isEmpty()) {
                throw new ProtocolViolation("chunk of " + size + " bytes is followed by \"" + printable(end)
                        + "\" instead of CRLF (the chunk size disagrees with the data)");
            }
        }
    }

    /** A body delimited by the close: what arrives until the server closes (or resets) the connection. */
    private byte[] readToEnd(int status) throws IOException {
        // A body delimited by the close may end in a reset instead of a FIN (Node answers 431 and destroys the socket
        // while the kit's request is still unread, kit-defects.md): what arrived before it is the answer.
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            in.transferTo(got);
        } catch (SocketTimeoutException e) {
            throw new ProtocolViolation("response " + status + " has neither Content-Length nor chunked coding, "
                    + "so its body ends only when the connection closes, but the server kept the connection open "
                    + "(clause 4.2.2: a kept-open connection needs a correct Content-Length or chunked coding)", e);
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (!(m.contains("reset") || m.contains("broken pipe") || m.contains("not open"))) {
                throw e;
            }
        }
        return got.toByteArray();
    }

    /**
     * One CRLF-terminated line as ISO-8859-1 text, without the CRLF.
     *
     * @param eofOk whether EOF before the first byte is allowed (then null is returned)
     */
    private String readLine(boolean eofOk, String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                if (line.size() == 0 && eofOk) {
                    throw e;
                }
                throw new ProtocolViolation("timed out in the middle of " + what + " after \""
                        + printable(line.toString(StandardCharsets.ISO_8859_1)) + "\"", e);
            }
            if (c < 0) {
                if (line.size() == 0 && eofOk) {
                    return null;
                }
                throw new ProtocolViolation("connection closed in the middle of " + what
                        + (line.size() > 0 ? " after \"" + printable(line.toString(StandardCharsets.ISO_8859_1)) + "\""
                                : ""));
            }
            if (c == '\n') {
                byte[] b = line.toByteArray();
                if (b.length == 0 || b[b.length - 1] != '\r') {
                    throw new ProtocolViolation(what + " ends with a bare LF instead of CRLF: \""
                            + printable(line.toString(StandardCharsets.ISO_8859_1)) + "\"");
                }
                return new String(b, 0, b.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
            if (line.size() > MAX_LINE) {
                throw new ProtocolViolation(what + " is longer than " + MAX_LINE + " bytes without a line end");
            }
        }
    }

    static String printable(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        String e = WireLog.escape(b, 0, Math.min(b.length, 200)).replace("\n", "");
        return b.length > 200 ? e + "…" : e;
    }
}
