package org.ctlsock.bench.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of the one request a load run sends over and over, built once so that sending it is a
 * single write with no formatting or allocation per request.
 */
public final class HttpRequestTemplate {

    private final String method;
    private final byte[] bytes;

    private HttpRequestTemplate(String method, byte[] bytes) {
        this.method = method;
        this.bytes = bytes;
    }

    /**
     * Builds a request.
     *
     * @param method e.g. GET or POST (sent as given)
     * @param path the request target, e.g. {@code /echo}
     * @param body the body, or null for none; a body gets Content-Length and (unless a header
     *     overrides it) {@code Content-Type: application/json}, the ctlsock argument encoding
     * @param headers extra header lines {@code Name: value}
     * @param closeConnection whether to ask the server to close the connection after answering
     */
    public static HttpRequestTemplate of(String method, String path, byte[] body, List<String> headers,
            boolean closeConnection) {
        requireToken(method, "method");
        if (path.isEmpty() || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("the path must be non-empty with no spaces or control characters: " + path);
        }
        StringBuilder head = new StringBuilder(128);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: localhost\r\n");
        boolean hasContentType = false;
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0 || header.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a header must look like 'Name: value': " + header);
            }
            requireToken(header.substring(0, colon), "header name");
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("connection")) {
                throw new IllegalArgumentException("the load generator sets " + name + " itself");
            }
            hasContentType |= name.equalsIgnoreCase("content-type");
            head.append(header.trim()).append("\r\n");
        }
        if (body != null) {
            if (!hasContentType) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (closeConnection) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(headBytes, 0, headBytes.length);
        if (body != null) {
            out.write(body, 0, body.length);
        }
        return new HttpRequestTemplate(method, out.toByteArray());
    }

    private static void requireToken(String s, String what) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("not a valid HTTP " + what + ": " + s);
        }
    }

    /** The request's bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    /** Whether the answer to this request has no body whatever its headers say. */
    public boolean isHead() {
        return method.equals("HEAD");
    }

    public String method() {
        return method;
    }
}
