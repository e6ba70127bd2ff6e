package org.ctlsock.server.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;

/**
 * Reads the arguments most commands get, a flat array of short plain values such as
 * {@code ["a",1]}, without starting Jackson's parser: creating one (its context, buffers and symbol
 * table) was a third of what a {@code POST} allocated, for a body of a few bytes.
 *
 * <p>It takes only what it can read exactly as Jackson would: an array of strings of printable
 * ASCII with no escape, integers of at most nine digits without a leading zero, {@code true},
 * {@code false} and {@code null}, with JSON's whitespace between them. Anything else (nesting, an
 * escape, other bytes, a fraction, an exponent, a larger number, a syntax error) returns
 * {@code null}, and {@link JsonArgumentsParser} reads the body with Jackson, which also words the
 * error.
 */
final class FlatJsonArray {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_INT_DIGITS = 9; // every 9-digit number fits an int

  private final byte[] body;
  private int at;

  private FlatJsonArray(byte[] body) {
    this.body = body;
  }

  /** The arguments, or {@code null} when the body is not one that this reader takes. */
  static ArrayNode read(byte[] body) {
    return new FlatJsonArray(body).array();
  }

  private ArrayNode array() {
    skipWhitespace();
    if (!take('[')) {
      return null;
    }
    ArrayNode array = NODES.arrayNode();
    skipWhitespace();
    if (!take(']')) {
      do {
        skipWhitespace();
        JsonNode value = value();
        if (value == null) {
          return null;
        }
        array.add(value);
        skipWhitespace();
      } while (take(','));
      if (!take(']')) {
        return null;
      }
    }
    skipWhitespace();
    return at == body.length ? array : null;
  }

  private JsonNode value() {
    if (at == body.length) {
      return null;
    }
    byte b = body[at];
    if (b == '"') {
      return string();
    }
    if (b == '-' || (b >= '0' && b <= '9')) {
      return integer();
    }
    if (literal("true")) {
      return NODES.booleanNode(true);
    }
    if (literal("false")) {
      return NODES.booleanNode(false);
    }
    if (literal("null")) {
      return NODES.nullNode();
    }
    return null;
  }

  private JsonNode string() {
    int start = ++at;
    while (at < body.length) {
      byte b = body[at];
      if (b == '"') {
        String text = new String(body, start, at - start, StandardCharsets.ISO_8859_1);
        at++;
        return NODES.textNode(text);
      }
      if (b < 0x20 || b > 0x7e || b == '\\') {
        return null; // a control byte, non-ASCII (negative) or an escape: Jackson's to read
      }
      at++;
    }
    return null;
  }

  private JsonNode integer() {
    boolean negative = take('-');
    int start = at;
    int value = 0;
    while (at < body.length && body[at] >= '0' && body[at] <= '9') {
      value = value * 10 + (body[at] - '0');
      at++;
      if (at - start > MAX_INT_DIGITS) {
        return null;
      }
    }
    int digits = at - start;
    if (digits == 0 || (digits > 1 && body[start] == '0')) {
      return null;
    }
    if (at < body.length && (body[at] == '.' || body[at] == 'e' || body[at] == 'E')) {
      return null;
    }
    return NODES.numberNode(negative ? -value : value);
  }

  private boolean literal(String word) {
    int end = at + word.length();
    if (end > body.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (body[at + i] != word.charAt(i)) {
        return false;
      }
    }
    at = end;
    return true;
  }

  private boolean take(char c) {
    if (at < body.length && body[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (at < body.length) {
      byte b = body[at];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      at++;
    }
  }
}
