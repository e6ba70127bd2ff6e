package org.ctlsock.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    /** Hands out the bytes at most {@code step} at a time, as a socket may. */
    private static InputStream trickle(String text, int step) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, step), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static final String CONTENT_LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n[\"a\",1]";
    private static final String CHUNKED = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nTrace\r\n1A\r\nback: something went wrong\r\n0\r\nX-Trailer: t\r\n\r\n";
    private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n";
    private static final String CLOSING = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 7\r\n\r\nSuccess";

    @Test
    void readsBackToBackResponsesWhateverTheReadSizes() throws IOException {
        String stream = CONTENT_LENGTH + CHUNKED + "HTTP/1.1 100 Continue\r\n\r\n" + NO_CONTENT + CLOSING;
        for (int step = 1; step <= stream.length(); step++) {
            HttpResponseReader reader = new HttpResponseReader(trickle(stream, step), 16);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            reader.captureBodiesInto(body);

            assertThat(reader.readResponse(false)).as("status, step %d", step).isEqualTo(200);
            assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("[\"a\",1]");
            assertThat(reader.keepAlive()).isTrue();
            body.reset();

            assertThat(reader.readResponse(false)).isEqualTo(500);
            assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("Traceback: something went wrong");
            assertThat(reader.bodyBytes()).isEqualTo(31);
            body.reset();

            assertThat(reader.readResponse(false)).as("interim 100 skipped, 204 has no body").isEqualTo(204);
            assertThat(reader.bodyBytes()).isZero();

            assertThat(reader.readResponse(false)).isEqualTo(200);
            assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("Success");
            assertThat(reader.keepAlive()).isFalse();
            assertThat(reader.hasBufferedBytes()).isFalse();
        }
    }

    @Test
    void headResponsesHaveNoBodyWhateverTheirContentLength() throws IOException {
        HttpResponseReader reader = new HttpResponseReader(trickle(
                "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n" + CONTENT_LENGTH, 1000));
        assertThat(reader.readResponse(true)).isEqualTo(200);
        assertThat(reader.bodyBytes()).isZero();
        assertThat(reader.hasBufferedBytes()).as("the next response is still buffered").isTrue();
        assertThat(reader.readResponse(false)).isEqualTo(200);
        assertThat(reader.bodyBytes()).isEqualTo(7);
    }

    @Test
    void aBodyWithoutLengthRunsToTheCloseAndEndsTheConnection() throws IOException {
        HttpResponseReader reader = new HttpResponseReader(trickle("HTTP/1.0 200 OK\r\n\r\nall of it", 3));
        assertThat(reader.readResponse(false)).isEqualTo(200);
        assertThat(reader.bodyBytes()).isEqualTo(9);
        assertThat(reader.keepAlive()).isFalse();
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenTheServerSaysSo() throws IOException {
        HttpResponseReader reader = new HttpResponseReader(trickle(
                "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"
                        + "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 5));
        reader.readResponse(false);
        assertThat(reader.keepAlive()).isTrue();
        reader.readResponse(false);
        assertThat(reader.keepAlive()).isFalse();
    }

    @Test
    void bareLineFeedsAreAccepted() throws IOException {
        HttpResponseReader reader = new HttpResponseReader(trickle("HTTP/1.1 404 Not Found\nContent-Length: 2\n\nno", 4));
        assertThat(reader.readResponse(false)).isEqualTo(404);
        assertThat(reader.bodyBytes()).isEqualTo(2);
    }

    @Test
    void largeBodiesAreSkippedWithoutGrowingTheBuffer() throws IOException {
        String body = "x".repeat(1_000_000);
        HttpResponseReader reader = new HttpResponseReader(trickle(
                "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + body + CONTENT_LENGTH, 65536), 64);
        assertThat(reader.readResponse(false)).isEqualTo(200);
        assertThat(reader.bodyBytes()).isEqualTo(1_000_000);
        assertThat(reader.readResponse(false)).isEqualTo(200);
        assertThat(reader.bodyBytes()).isEqualTo(7);
    }

    @Test
    void aCloseBeforeAnyByteIsAnEmptyResponse() {
        HttpResponseReader reader = new HttpResponseReader(trickle("", 1));
        assertThatThrownBy(() -> reader.readResponse(false)).isInstanceOf(EmptyResponseException.class);
    }

    @Test
    void aCloseInsideTheResponseIsATruncation() {
        assertThatThrownBy(() -> new HttpResponseReader(trickle("HTTP/1.1 200 OK\r\nContent-Len", 7)).readResponse(false))
                .isInstanceOf(EOFException.class).isNotInstanceOf(EmptyResponseException.class);
        assertThatThrownBy(() -> new HttpResponseReader(trickle(CONTENT_LENGTH.substring(0, CONTENT_LENGTH.length() - 2), 7))
                .readResponse(false)).isInstanceOf(EOFException.class).hasMessageContaining("2 of 7");
        assertThatThrownBy(() -> new HttpResponseReader(trickle(CHUNKED.substring(0, CHUNKED.length() - 10), 7))
                .readResponse(false)).isInstanceOf(EOFException.class);
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> new HttpResponseReader(trickle("SSH-2.0-OpenSSH\r\n\r\n", 100)).readResponse(false))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("SSH-2.0");
        assertThatThrownBy(() -> new HttpResponseReader(trickle("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 100))
                .readResponse(false)).isInstanceOf(HttpProtocolException.class).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> new HttpResponseReader(trickle(
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 100)).readResponse(false))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("conflicting");
        assertThatThrownBy(() -> new HttpResponseReader(trickle(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100)).readResponse(false))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("chunk size");
        assertThatThrownBy(() -> new HttpResponseReader(trickle(
                "HTTP/1.1 200 OK\r\nX: " + "y".repeat(70_000) + "\r\n\r\n", 4096)).readResponse(false))
                .isInstanceOf(HttpProtocolException.class).hasMessageContaining("longer than");
    }
}
