package org.ctlsock.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * One change to a request's bytes, with a description for the failure report ("flip byte 17 to 0xFF").
 * Positions are taken modulo the current length, so a mutation applies to any request.
 */
public record Mutation(String description, UnaryOperator<byte[]> change) {

    public byte[] apply(byte[] request) {
        return change.apply(request);
    }

    @Override
    public String toString() {
        return description;
    }

    public static Mutation setByte(int position, int value) {
        return new Mutation("set byte " + position + " to " + String.format("0x%02X", value & 0xFF), r -> {
            if (r.length == 0) {
                return r;
            }
            byte[] out = r.clone();
            out[Math.floorMod(position, r.length)] = (byte) value;
            return out;
        });
    }

    public static Mutation truncate(int position) {
        return new Mutation("truncate at " + position, r -> Arrays.copyOf(r, Math.floorMod(position, r.length + 1)));
    }

    public static Mutation insert(int position, byte[] bytes) {
        return new Mutation("insert " + show(bytes) + " at " + position, r -> {
            int at = Math.floorMod(position, r.length + 1);
            return concat(Arrays.copyOf(r, at), bytes, Arrays.copyOfRange(r, at, r.length));
        });
    }

    public static Mutation delete(int position, int count) {
        return new Mutation("delete " + count + " bytes at " + position, r -> {
            if (r.length == 0) {
                return r;
            }
            int at = Math.floorMod(position, r.length);
            int end = Math.min(r.length, at + count);
            return concat(Arrays.copyOf(r, at), Arrays.copyOfRange(r, end, r.length));
        });
    }

    /** Repeats the n-th line of the request (a header field, most often) right after itself. */
    public static Mutation duplicateLine(int line) {
        return new Mutation("duplicate line " + line, r -> {
            String s = new String(r, StandardCharsets.ISO_8859_1);
            int head = s.indexOf("\r\n\r\n");
            String[] lines = (head < 0 ? s : s.substring(0, head)).split("\r\n", -1);
            int n = Math.floorMod(line, lines.length);
            int start = Arrays.stream(lines, 0, n).mapToInt(l -> l.length() + 2).sum();
            String dup = lines[n] + "\r\n";
            return (s.substring(0, start) + dup + s.substring(start)).getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /** Replaces the first, second or third word of the request line (method, target, version). */
    public static Mutation replaceWord(int word, String replacement) {
        String[] names = {"method", "target", "version"};
        return new Mutation("replace the " + names[word] + " with " + show(replacement.getBytes(
                StandardCharsets.ISO_8859_1)), r -> {
            String s = new String(r, StandardCharsets.ISO_8859_1);
            int eol = s.indexOf("\r\n");
            String line = eol < 0 ? s : s.substring(0, eol);
            String[] parts = line.split(" ", 3);
            if (parts.length != 3) {
                return r;
            }
            parts[word] = replacement;
            return (String.join(" ", parts) + (eol < 0 ? "" : s.substring(eol))).getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /** Sends another request right behind this one (pipelining). */
    public static Mutation append(byte[] other, String name) {
        return new Mutation("append " + name, r -> concat(r, other));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static String show(byte[] b) {
        return "\"" + org.ctlsock.conformance.wire.WireLog.escape(b, 0, b.length) + "\"";
    }
}
