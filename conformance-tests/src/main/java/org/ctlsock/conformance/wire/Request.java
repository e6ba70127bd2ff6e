package org.ctlsock.conformance.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the exact bytes of a well-formed request: {@code METHOD target HTTP/1.1}, {@code Host: x},
 * the given header fields, and a body with Content-Length (or chunked, when asked). For malformed
 * requests, send raw bytes with {@link RawConnection#send(String)} instead.
 */
public final class Request {
    private final String method;
    private final String target;
    private String version = "HTTP/1.1";
    private String host = "x";
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    /** The body is {@link #chunked}: already in chunked coding, sent without Content-Length. */
    private boolean chunked;

    private Request(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public static Request get(String target) {
        return new Request("GET", target);
    }

    public static Request head(String target) {
        return new Request("HEAD", target);
    }

    public static Request post(String target) {
        return new Request("POST", target);
    }

    /** POST with a body and Content-Length. */
    public static Request post(String target, String body) {
        return new Request("POST", target).body(body);
    }

    public static Request method(String method, String target) {
        return new Request(method, target);
    }

    public Request version(String v) {
        this.version = v;
        return this;
    }

    /** Sets the Host field's value; null sends no Host field at all. */
    public Request host(String h) {
        this.host = h;
        return this;
    }

    public Request header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public Request connectionClose() {
        return header("Connection", "close");
    }

    /** Whether the request asks the server to close the connection after answering ({@code Connection: close}). */
    public boolean closesConnection() {
        return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Connection")
                && h[1].toLowerCase(java.util.Locale.ROOT).contains("close"));
    }

    public Request body(String utf8) {
        return body(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public Request body(byte[] bytes) {
        this.body = bytes;
        this.chunked = false;
        return this;
    }

    /**
     * Sends the body with chunked transfer coding, one chunk per element (an empty list: only the last chunk; an
     * empty element sends nothing, as a zero-size chunk would end the body).
     */
    public Request chunked(List<byte[]> bodyChunks) {
        ByteArrayOutputStream coded = new ByteArrayOutputStream();
        for (byte[] c : bodyChunks) {
            if (c.length > 0) {
                coded.writeBytes((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                coded.writeBytes(c);
                coded.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        coded.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        this.body = coded.toByteArray();
        this.chunked = true;
        return this;
    }

    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    public byte[] toBytes() {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        if (host != null) {
            head.append("Host: ").append(host).append("\r\n");
        }
        headers.forEach(h -> head.append(h[0]).append(": ").append(h[1]).append("\r\n"));
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version;
    }
}
