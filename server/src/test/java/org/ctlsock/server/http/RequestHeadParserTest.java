package org.ctlsock.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.BasicHttpTransportMetrics;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParser;
import org.apache.hc.core5.http.impl.io.SessionInputBufferImpl;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The head parser reads header sections as HttpCore's own parser does (it replaced HttpCore's
 * parse loop to allocate less): the same fields, names and values, the same folding of
 * continuation lines, and the same error for the same input, over hand-picked heads and a few
 * thousand generated ones. Control bytes, which only ours refuses (with its own 400), are left out
 * of the comparison.
 */
class RequestHeadParserTest {
  private static final int MAX_HEADERS = 6;
  private static final int MAX_LINE = 48;
  private static final Http1Config CONFIG =
      Http1Config.custom().setMaxHeaderCount(MAX_HEADERS).setMaxLineLength(MAX_LINE).setBufferSize(64).build();
  private static final long SEED = 0x5eed_15L;

  @Test
  void handPickedHeadsAreReadAsHttpCoreReadsThem() throws Exception {
    String[] sections = {
      "",
      "Host: x\r\n",
      "Host: x\r\nContent-Length: 7\r\n",
      "A:b\r\n",
      "A:\r\n",
      "A: \t b \t\r\n",
      "A: b\r\n c\r\n",
      "A: b\r\n\t \tc\r\n d\r\n",
      " A: b\r\n",
      "\tA: b\r\nB: c\r\n",
      "A : b\r\n",
      "A\t: b\r\n",
      ": b\r\n",
      "no colon\r\n",
      " : b\r\n",
      "A: b\r\nbad\r\nC: d\r\n",
      "bad\r\n" + "A: b\r\n".repeat(MAX_HEADERS),
      "A: b\r\n".repeat(MAX_HEADERS - 1),
      "A: b\r\n".repeat(MAX_HEADERS),
      "A: " + "b".repeat(MAX_LINE - 3) + "\r\n",
      "A: " + "b".repeat(MAX_LINE) + "\r\n",
      "A: " + "b".repeat(MAX_LINE - 6) + "\r\n cc\r\n",
      "A: " + "b".repeat(MAX_LINE - 6) + "\r\n ccc\r\n",
      "A: b\r\n c\r\n d\r\n e\r\n f\r\n g\r\n h\r\n",
      "A: b\nB: c\n",
    };
    for (String section : sections) {
      assertSameAsHttpCore(section);
    }
  }

  @Test
  void generatedHeadsAreReadAsHttpCoreReadsThem() throws Exception {
    String[] pieces = {"A", "b", "-", "0", ":", ": ", " ", "\t", "\r\n", "\r\n ", "\r\n\t", "Content-Length: 1", "x".repeat(20)};
    Random random = new Random(SEED);
    for (int i = 0; i < 5000; i++) {
      StringBuilder section = new StringBuilder();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        section.append(pieces[random.nextInt(pieces.length)]);
      }
      if (section.length() > 0) {
        section.append("\r\n");
      }
      assertSameAsHttpCore(section.toString());
    }
  }

  @Test
  void aBufferGrownByALongLineIsNotKeptForTheNextRequest() throws Exception {
    Http1Config config = Http1Config.custom().setMaxLineLength(64 * 1024).build();
    RequestHeadParser parser = ours(config);
    String longValue = "v".repeat(20_000);
    String longTarget = "/a?" + "q".repeat(5000);
    String heads = "GET " + longTarget + " HTTP/1.1\r\nA: " + longValue + "\r\n\r\nGET /b HTTP/1.1\r\nB: c\r\n\r\n";
    InputStream in = new ByteArrayInputStream(heads.getBytes(StandardCharsets.ISO_8859_1));
    SessionInputBufferImpl buffer = buffer(config);
    ParsedRequest first = parser.parse(buffer, in);
    assertThat(first.rawTarget()).isEqualTo(longTarget);
    assertThat(first.firstField("A").getValue()).isEqualTo(longValue);
    ParsedRequest second = parser.parse(buffer, in);
    assertThat(second.rawTarget()).isEqualTo("/b");
    assertThat(second.fields()).extracting(Header::getName).containsExactly("B");
    assertThat(retainedLineBufferChars(parser)).as("chars held by the parser's line buffers").isLessThanOrEqualTo(2 * 1024);
  }

  private static void assertSameAsHttpCore(String section) throws Exception {
    String head = "POST /echo HTTP/1.1\r\n" + section + "\r\n";
    String expected = outcome(reference(), head);
    String actual = outcome(ours(CONFIG), head);
    assertThat(actual).as("the head %s", printable(head)).isEqualTo(expected);
  }

  /** What a parse gave: the fields one per line, or the error. */
  private static String outcome(DefaultHttpRequestParser parser, String head) {
    InputStream in = new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1));
    try {
      ClassicHttpRequest request = parser.parse(buffer(CONFIG), in);
      StringBuilder b = new StringBuilder();
      for (Header h : request.getHeaders()) {
        b.append('[').append(h.getName()).append("]=[").append(h.getValue()).append("]\n");
      }
      if (request instanceof ParsedRequest) {
        assertThat(((ParsedRequest) request).fields()).as("fields() and getHeaders() agree").containsExactly(request.getHeaders());
      }
      return b.toString();
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static RequestHeadParser ours(Http1Config config) {
    return new RequestHeadParser(config, 8192, 1 << 20, new MemoryReservation(new MemoryBudget(1 << 30)));
  }

  /** HttpCore's parser, given our request-line parser so that only the header sections differ. */
  private static DefaultHttpRequestParser reference() {
    return new DefaultHttpRequestParser(CONFIG) {
      @Override
      protected ClassicHttpRequest createMessage(CharArrayBuffer line) throws org.apache.hc.core5.http.HttpException {
        return RequestLineParser.parse(line);
      }
    };
  }

  private static SessionInputBufferImpl buffer(Http1Config config) {
    return new SessionInputBufferImpl(new BasicHttpTransportMetrics(), config.getBufferSize(), -1, config.getMaxLineLength(), null);
  }

  private static int retainedLineBufferChars(RequestHeadParser parser) throws Exception {
    int chars = 0;
    for (String name : List.of("line", "spare")) {
      java.lang.reflect.Field f = RequestHeadParser.class.getDeclaredField(name);
      f.setAccessible(true);
      chars += ((CharArrayBuffer) f.get(parser)).capacity();
    }
    return chars;
  }

  private static String printable(String s) {
    List<String> parts = new ArrayList<>();
    for (char c : s.toCharArray()) {
      parts.add(c == '\r' ? "\\r" : c == '\n' ? "\\n" : c == '\t' ? "\\t" : String.valueOf(c));
    }
    return String.join("", parts);
  }
}
