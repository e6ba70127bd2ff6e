package org.ctlsock.conformance.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Generates hostile requests: a valid request, then one to four mutations of its bytes (byte changes,
 * truncations, insertions of CR, LF, NUL, 0xFF…, duplicated lines, other methods, targets and
 * versions, a second request behind it).
 *
 * <p>The valid requests name only commands whose correct answer is never 5xx ({@code echo},
 * {@code echo-post}, {@code nothing}, {@code value}), and no mutation can spell {@code fail},
 * {@code text} or {@code sleep}: so any 5xx (but 501 for a transfer coding) is the server's fault.
 */
public final class HostileRequests {
    private static final List<String> VALID = List.of(
            "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n[1,\"a\",2]",
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n",
            "POST /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n[]",
            "GET /echo?x=1&y=%41 HTTP/1.0\r\n\r\n",
            "POST /value HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n[{\"k\":[1,2,null]}]",
            "POST /echo-post HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n[\"b\"]",
            "GET /ec%68o HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nUser-Agent: fuzz/1\r\n\r\n");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "get", "P0ST",
            "", "G\u0000T", "GET\tX", "\u00ff\u00fe", "POST POST", "X".repeat(300));
    private static final List<String> TARGETS = List.of("/echo", "/nothing", "/", "", "*", "/../etc/passwd",
            "/%2e%2e/", "//echo", "/%zz", "/%", "/\u00ff", "/echo?%00", "http://x/echo", "echo", "/echo#x",
            "/" + "e".repeat(70), "/%C0%AF", "/\u0000", "/ echo");
    private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9",
            "HTTP/1.2", "http/1.1", "HTTP/1", "", "HTTP/1.1 ", "HTTP/1.1\u0000", "HTTP/11.1", "HTTP/x.y");
    private static final List<byte[]> INSERTS = List.of(latin1("\r"), latin1("\n"), latin1("\r\n"), latin1("\r\n\r\n"),
            new byte[] {0}, new byte[] {(byte) 0xFF}, latin1(" "), latin1(":"), latin1("\t"), latin1("%"),
            latin1("Content-Length: 5\r\n"), latin1("Transfer-Encoding: chunked\r\n"), latin1("\r\n "),
            new byte[] {(byte) 0xC3, (byte) 0x28}, latin1("0\r\n\r\n"), latin1("[[[[[[[[["));
    private static final List<String> FORBIDDEN = List.of("fail", "text", "sleep");

    private HostileRequests() {
    }

    /** The mutated requests; each shows as its mutations, the bytes are in the wire log. */
    public static Gen<Hostile> requests() {
        return Generate.pick(VALID).zip(SourceDSL.lists().of(mutation()).ofSizeBetween(1, 4), Hostile::of)
                .assuming(h -> FORBIDDEN.stream().noneMatch(h.text()::contains));
    }

    private static Gen<Mutation> mutation() {
        Gen<Integer> position = Generate.range(0, 4096);
        Gen<Integer> anyByte = Generate.range(0, 255);
        return Generate.frequency(List.of(
                Pair.of(4, position.zip(anyByte, Mutation::setByte)),
                Pair.of(2, position.map(Mutation::truncate)),
                Pair.of(4, position.zip(Generate.pick(INSERTS), Mutation::insert)),
                Pair.of(2, position.zip(Generate.range(1, 8), Mutation::delete)),
                Pair.of(2, Generate.range(0, 8).map(Mutation::duplicateLine)),
                Pair.of(1, Generate.pick(METHODS).map(m -> Mutation.replaceWord(0, m))),
                Pair.of(1, Generate.pick(TARGETS).map(t -> Mutation.replaceWord(1, t))),
                Pair.of(1, Generate.pick(VERSIONS).map(v -> Mutation.replaceWord(2, v))),
                Pair.of(1, Generate.pick(VALID).map(v -> Mutation.append(latin1(v), "a valid request")))));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A mutated request: the bytes, and how they came about. */
    public record Hostile(byte[] bytes, String base, List<Mutation> mutations) {
        static Hostile of(String base, List<Mutation> mutations) {
            byte[] b = latin1(base);
            for (Mutation m : mutations) {
                b = m.apply(b);
            }
            return new Hostile(b, base, mutations);
        }

        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "\"" + base.substring(0, base.indexOf("\r\n")) + "\" with " + mutations;
        }
    }
}
