package org.ctlsock.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast reader of flat arrays gives exactly what Jackson's reading gives (the same values, of
 * the same node types), or declines; it takes the usual arguments itself, and declines whatever
 * only Jackson can read or word an error for.
 */
class FlatJsonArrayTest {
  private static final long SEED = 0xf1a7L;
  private final JsonArgumentsParser jackson = new JsonArgumentsParser(64, 1 << 20);

  @Test
  void usualArgumentsAreReadWithoutJackson() throws Exception {
    String[] bodies = {
      "[\"a\",1]", "[]", " [ ] ", "[true,false,null]", "[-12, 0, 123456789, -123456789]",
      "[\"x y/~!\", \"\"]", "\t[\r\n\"a\" ,\n1 ]\n",
    };
    for (String body : bodies) {
      ArrayNode flat = FlatJsonArray.read(bytes(body));
      assertThat(flat).as("read without Jackson: %s", body).isNotNull();
      assertSameNodes(flat, jackson.parseWithJackson(bytes(body)), body);
    }
  }

  @Test
  void whatOnlyJacksonReadsOrRefusesIsDeclined() {
    String[] bodies = {
      "", " ", "[", "]", "[1,]", "[,1]", "[1 2]", "[01]", "[-]", "[1.5]", "[1e3]", "[1E3]", "[1234567890]",
      "[-1234567890]", "[\"a\\\"b\"]", "[\"\\u0041\"]", "[\"caf\u00e9\"]", "[\"a\u007fb\"]", "[\"tab\tin\"]",
      "[[1]]", "[{}]", "{}", "1", "\"a\"", "[tru]", "[truex]", "[nul]", "[1]x", "[1] [2]", "\ufeff[1]", "[1]\u0000",
      "[\"open]", "[+1]", "[NaN]", "[Infinity]", "[ 1 , ]",
    };
    for (String body : bodies) {
      assertThat(FlatJsonArray.read(bytes(body))).as("declined: %s", body).isNull();
    }
  }

  @Test
  void generatedBodiesAreReadAsJacksonReadsThemOrDeclined() {
    String[] pieces = {"[", "]", ",", " ", "\n", "\"", "a", "\\", "-", "0", "1", "9", "123456789", ".", "e",
      "true", "false", "null", "{", "}", ":", "\u00e9", "\t", "\u0001"};
    Random random = new Random(SEED);
    int readFast = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder body = new StringBuilder(random.nextBoolean() ? "[" : "");
      int n = random.nextInt(10);
      for (int j = 0; j < n; j++) {
        body.append(pieces[random.nextInt(pieces.length)]);
      }
      if (random.nextBoolean()) {
        body.append(']');
      }
      String text = body.toString();
      ArrayNode flat = FlatJsonArray.read(bytes(text));
      if (flat == null) {
        continue;
      }
      readFast++;
      ArrayNode expected;
      try {
        expected = jackson.parseWithJackson(bytes(text));
      } catch (BadArgumentsException e) {
        throw new AssertionError("read fast, but Jackson refuses " + text + ": " + e.getMessage(), e);
      }
      assertSameNodes(flat, expected, text);
    }
    assertThat(readFast).as("generated bodies read without Jackson").isGreaterThan(500);
  }

  private static void assertSameNodes(ArrayNode actual, ArrayNode expected, String body) {
    assertThat(actual).as("the arguments of %s", body).isEqualTo(expected);
    for (int i = 0; i < expected.size(); i++) {
      JsonNode a = actual.get(i);
      assertThat(a.getClass()).as("the node type of argument %d of %s", i, body).isEqualTo(expected.get(i).getClass());
    }
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
