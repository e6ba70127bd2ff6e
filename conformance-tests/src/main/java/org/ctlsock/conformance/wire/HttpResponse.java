package org.ctlsock.conformance.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One response as the kit read it off the wire, exactly: status line, header fields in order (names as
 * sent), the decoded body, how it was framed, and any framing problem the reader noticed but could
 * live with (e.g. a close-delimited body without {@code Connection: close}, clause 4.2.2).
 */
public record HttpResponse(String version, int status, String reason, List<Map.Entry<String, String>> headers,
        byte[] body, Framing framing, List<String> framingIssues) {

    /**
     * The first response in bytes that were received elsewhere (e.g. by a client the kit ran as another user), read
     * as strictly as on a {@link RawConnection}: empty when there is none, {@link ProtocolViolation} when malformed.
     */
    public static Optional<HttpResponse> firstIn(byte[] bytes, boolean headRequest) throws IOException {
        return new ResponseReader(new ByteArrayInputStream(bytes)).read(headRequest);
    }

    /** The first value of a header field, by case-insensitive name. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** All values of a header field, by case-insensitive name, in the order received. */
    public List<String> headers(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The media type of Content-Type without parameters, lower-cased, or "" when absent. */
    public String mediaType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The {@code charset} parameter of Content-Type, lower-cased, if any. */
    public Optional<String> charset() {
        return header("Content-Type").flatMap(v -> Arrays.stream(v.split(";")).skip(1).map(p -> p.split("=", 2))
                .filter(kv -> kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")).findFirst()
                .map(kv -> kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT)));
    }

    /** Whether a header field's comma-separated tokens include {@code token}, case-insensitively. */
    public boolean headerHasToken(String name, String token) {
        return headers(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .anyMatch(t -> t.strip().equalsIgnoreCase(token));
    }

    public boolean isInterim() {
        return status >= 100 && status < 200;
    }

    /** {@code HTTP/1.1 200 OK} */
    public String statusLine() {
        return version + " " + status + (reason.isEmpty() ? "" : " " + reason);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(statusLine());
        headers.forEach(h -> sb.append("\n").append(h.getKey()).append(": ").append(h.getValue()));
        sb.append("\n\n").append(WireLog.escape(body, 0, Math.min(body.length, 400)));
        if (body.length > 400) {
            sb.append("… (").append(body.length).append(" bytes)");
        }
        return sb.toString();
    }
}
