package org.ctlsock.server.dispatch;

/**
 * What JSON arguments cost on the heap once parsed, estimated from their bytes before parsing
 * (spec 7.5): the server reserves this much of its memory budget first, so a body that would
 * not fit is answered 503 instead of running the heap out. A tree takes far more than its text:
 * {@code [[],[],…]} spends 3 bytes of body per pair of Java objects (about 60 bytes), {@code
 * {"a":0,…}} a map entry and a string per member. The estimate is an upper bound for the
 * HotSpot layouts with compressed references (heaps under 32 GiB), counted per token:
 *
 * <ul>
 *   <li>every array a node and a list (64), every object a node, a map and its table (176);
 *   <li>every element a reference slot with growth slack (12);
 *   <li>every string, whether member name or value, a node or map entry plus a String (96) and
 *       two bytes per byte of text (Latin-1 or UTF-16);
 *   <li>every number a node (48, plus its digits for big values);
 *   <li>the tree twice, because a command may copy its arguments once ({@code
 *       Arguments.toArrayNode});
 *   <li>the parser's text buffers for the longest string (six times it: char segments, their
 *       join, the String);
 *   <li>the answer written from the tree (twice the body plus 24 bytes a number: {@code 1e5}
 *       is written {@code 100000.0}).
 * </ul>
 *
 * A scan of the bytes, no allocation: invalid JSON gets an estimate too (then the parser refuses
 * it after the reservation). The scan stops where the nesting first goes deeper than the parser
 * allows: the parser refuses the arguments there (400, spec 5.3.6), so nothing after that point is
 * ever built. Without this, a deeply nested body, a client's mistake, would be estimated as if all
 * of it were parsed and answered 503 on a small heap instead of 400 (6.3.3).
 */
final class ArgumentsCost {
  static final long ARRAY = 64;
  static final long OBJECT = 176;
  static final long ELEMENT = 12;
  static final long STRING = 96;
  static final long NUMBER = 48;
  static final long NUMBER_TEXT = 24;
  static final long PARSER = 8 * 1024;

  private ArgumentsCost() {}

  /** @param maxDepth the parser's nesting limit ({@code Limits.maxJsonDepth}) */
  static long of(byte[] json, int maxDepth) {
    if (json == null || json.length == 0) {
      return 0;
    }
    long arrays = 0;
    long objects = 0;
    long elements = 1;
    long strings = 0;
    long stringBytes = 0;
    long longestString = 0;
    long numbers = 0;
    long numberBytes = 0;
    boolean inString = false;
    boolean escaped = false;
    boolean inNumber = false;
    long currentString = 0;
    int depth = 0;
    scan:
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
          longestString = Math.max(longestString, currentString);
          continue;
        }
        currentString++;
        stringBytes++;
        continue;
      }
      boolean numberByte = (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
      if (numberByte) {
        if (!inNumber) {
          numbers++;
          inNumber = true;
        }
        numberBytes++;
        continue;
      }
      inNumber = false;
      switch (b) {
        case '[':
        case '{':
          if (++depth > maxDepth) {
            break scan; // the parser refuses here: nothing deeper or later is built
          }
          if (b == '[') {
            arrays++;
          } else {
            objects++;
          }
          elements++;
          break;
        case ']':
        case '}':
          depth--;
          break;
        case ',':
          elements++;
          break;
        case '"':
          inString = true;
          strings++;
          currentString = 0;
          break;
        default:
          break;
      }
    }
    longestString = Math.max(longestString, currentString);
    long tree =
        arrays * ARRAY
            + objects * OBJECT
            + elements * ELEMENT
            + strings * STRING
            + 2 * stringBytes
            + numbers * NUMBER
            + numberBytes;
    long parser = PARSER + 6 * longestString;
    long answer = 2 * (json.length + numbers * NUMBER_TEXT);
    return 2 * tree + parser + answer;
  }
}
