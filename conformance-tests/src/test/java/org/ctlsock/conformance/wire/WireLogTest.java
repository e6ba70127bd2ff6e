package org.ctlsock.conformance.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireLogTest {
    @Test
    void rendersBothDirectionsReadably() {
        WireLog log = new WireLog("c1");
        byte[] sent = "GET / HTTP/1.1\r\nX: \0\u00ff\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        log.sent(sent, 0, sent.length);
        byte[] got = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        log.received(got, 0, got.length);
        log.note("peer closed");
        String text = log.render();
        assertThat(text).contains("=== c1 ===").contains(">> GET / HTTP/1.1\\r\\n").contains(">> X: \\x00\\xff\\r\\n")
                .contains("<< HTTP/1.1 200 OK\\r\\n").contains("-- peer closed");
        assertThat(text).as("each direction's byte count").contains(", " + sent.length + " bytes]")
                .contains(", " + got.length + " bytes]");
    }

    @Test
    void cutsLongRunsInTheMiddle() {
        WireLog log = new WireLog("big");
        byte[] chunk = new byte[10_000];
        java.util.Arrays.fill(chunk, (byte) 'a');
        chunk[chunk.length - 1] = 'Z';
        for (int i = 0; i < 100; i++) {
            log.sent(chunk, 0, chunk.length);
        }
        String text = log.render();
        assertThat(text).contains("1000000 bytes").contains("bytes omitted").endsWith("Z\n");
        assertThat(text.length()).isLessThan(5000);
    }

    @Test
    void keepsTheFirstAndExactlyTheLastBytesWhateverTheWriteSizes() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 7000; i++) {
            all.append((char) ('a' + i % 26)).append(i % 7 == 0 ? "X" : "");
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        WireLog log = new WireLog("sizes");
        int[] sizes = {1, 7, 333, 1499, 2, 4000, 301, 299, 1, 64};
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int n = Math.min(sizes[i % sizes.length], bytes.length - at);
            log.sent(bytes, at, n);
            at += n;
        }
        String text = all.toString();
        assertThat(log.render()).contains(", " + bytes.length + " bytes]\n>> " + text.substring(0, 1500) + "\n>> … ("
                + (bytes.length - 1800) + " bytes omitted) …\n>> " + text.substring(bytes.length - 300) + "\n");
    }

    @Test
    void keepsShortRunsWhole() {
        WireLog log = new WireLog("s");
        for (int i = 0; i < 300; i++) {
            log.received(new byte[] {(byte) ('0' + i % 10)}, 0, 1);
        }
        assertThat(log.render()).doesNotContain("omitted").contains("0123456789".repeat(30));
    }
}
