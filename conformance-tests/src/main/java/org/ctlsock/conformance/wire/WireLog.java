package org.ctlsock.conformance.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes exchanged on one connection, both directions, in order: the evidence a failure message
 * shows. Bytes are rendered readably ({@code \r\n} kept visible, other control and non-ASCII bytes as
 * {@code \xNN}) and long runs are cut in the middle so that a 16 MiB body does not flood the report.
 */
public final class WireLog {
    /** Which way bytes went. */
    public enum Direction {
        SENT(">> "), RECEIVED("<< "), NOTE("-- ");

        final String prefix;

        Direction(String prefix) {
            this.prefix = prefix;
        }
    }

    private static final int KEEP_HEAD = 1500;
    private static final int KEEP_TAIL = 300;

    private final String label;
    private final long startNanos = System.nanoTime();
    private final List<Segment> segments = new ArrayList<>();

    /** One run of bytes in one direction: its head in full and the last bytes of the rest. */
    private static final class Segment {
        final Direction direction;
        final long atMillis;
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        /** At most {@link #KEEP_TAIL} bytes: the last ones beyond the head. */
        final ByteArrayOutputStream tail = new ByteArrayOutputStream();
        long total;

        Segment(Direction direction, long atMillis) {
            this.direction = direction;
            this.atMillis = atMillis;
        }

        void write(byte[] b, int off, int len) {
            total += len;
            int toHead = Math.min(len, KEEP_HEAD - head.size());
            head.write(b, off, toHead);
            // Of the rest only its last KEEP_TAIL bytes can stay: a 16 MiB body is not copied whole.
            int skipped = Math.max(0, len - toHead - KEEP_TAIL);
            tail.write(b, off + toHead + skipped, len - toHead - skipped);
            if (tail.size() > KEEP_TAIL) {
                byte[] kept = tail.toByteArray();
                tail.reset();
                tail.write(kept, kept.length - KEEP_TAIL, KEEP_TAIL);
            }
        }
    }

    public WireLog(String label) {
        this.label = label;
    }

    public synchronized void sent(byte[] b, int off, int len) {
        append(Direction.SENT, b, off, len);
    }

    public synchronized void received(byte[] b, int off, int len) {
        append(Direction.RECEIVED, b, off, len);
    }

    /** A remark from the kit, e.g. "peer closed the connection". */
    public synchronized void note(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        Segment note = new Segment(Direction.NOTE, elapsedMillis());
        note.write(b, 0, b.length);
        segments.add(note);
    }

    private void append(Direction d, byte[] b, int off, int len) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || last.direction != d) {
            last = new Segment(d, elapsedMillis());
            segments.add(last);
        }
        last.write(b, off, len);
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The log as text: one block per direction change, each line prefixed {@code >> } or {@code << }. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("=== ").append(label).append(" ===\n");
        if (segments.isEmpty()) {
            out.append("(nothing sent or received)\n");
        }
        for (Segment s : segments) {
            byte[] head = s.head.toByteArray();
            byte[] tail = s.tail.toByteArray();
            String body;
            if (s.direction == Direction.NOTE) {
                body = new String(head, StandardCharsets.UTF_8);
            } else if (s.total == head.length + tail.length) {
                byte[] all = ByteBuffer.allocate(head.length + tail.length).put(head).put(tail).array();
                body = escape(all, 0, all.length);
            } else {
                body = escape(head, 0, head.length) + "\n… (" + (s.total - head.length - tail.length)
                        + " bytes omitted) …\n" + escape(tail, 0, tail.length);
            }
            String tag = s.direction == Direction.NOTE ? "" : "[+" + s.atMillis + " ms, " + s.total + " bytes]\n";
            out.append(s.direction.prefix).append((tag + body).replace("\n", "\n" + s.direction.prefix)).append('\n');
        }
        return out.toString();
    }

    /** Printable ASCII as is; CR and LF as {@code \r\n} followed by a line break; anything else {@code \xNN}. */
    public static String escape(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 16);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n\n");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        // A trailing line break added after "\n" is redundant at the end of a block.
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }
}
