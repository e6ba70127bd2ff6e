package org.ctlsock.server.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Parses a POST body into the command's arguments (spec 5.3): one JSON text, in UTF-8, whose value
 * is an array. Built on Jackson's streaming parser, iteratively (no recursion, so depth is bounded
 * by {@code maxDepth} and never by the thread's stack), without ObjectMapper (cheap start-up).
 *
 * <p>Numbers keep their exact value: integers as int, long or BigInteger; decimals as doubles, and
 * as BigDecimal only when they overflow a double (so {@code 1e400} stays a number, 5.3.3).
 */
final class JsonArgumentsParser {
  private static final int MAX_NUMBER_DIGITS = 10_000;
  private static final int INITIAL_STACK_DEPTH = 4;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonFactory factory;
  private final int maxDepth;

  int maxDepth() {
    return maxDepth;
  }

  JsonArgumentsParser(int maxDepth, long maxBodyBytes) {
    this.maxDepth = maxDepth;
    this.factory =
        JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES) // client-chosen names must not pile up in the JVM's string pool
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth + 1)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .maxStringLength((int) Math.max(20_000_000L, Math.min(Integer.MAX_VALUE, maxBodyBytes)))
                    .maxDocumentLength(-1)
                    .build())
            .build();
  }

  ArrayNode parse(byte[] body) throws BadArgumentsException {
    ArrayNode flat = FlatJsonArray.read(body);
    return flat != null ? flat : parseWithJackson(body);
  }

  /** Any body: the arguments, or the error in words. */
  ArrayNode parseWithJackson(byte[] body) throws BadArgumentsException {
    int invalid = Utf8Validator.firstInvalid(body);
    if (invalid >= 0) {
      throw new BadArgumentsException("the body is not valid UTF-8 (at byte " + invalid + "); arguments are a UTF-8 JSON array, e.g. [\"a\",1]");
    }
    int nul = Utf8Validator.firstNul(body);
    if (nul >= 0) {
      throw new BadArgumentsException("the body is not valid JSON: a NUL byte at byte " + nul);
    }
    try (JsonParser parser = factory.createParser(body)) {
      return build(parser);
    } catch (JsonProcessingException e) {
      throw new BadArgumentsException("the body is not valid JSON: " + describe(e));
    } catch (IOException e) {
      throw new BadArgumentsException("the body is not valid JSON: " + e.getMessage());
    }
  }

  private ArrayNode build(JsonParser p) throws IOException, BadArgumentsException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new BadArgumentsException("the body is not valid JSON: it holds no value");
    }
    if (first != JsonToken.START_ARRAY) {
      throw new BadArgumentsException("the body is JSON but not an array; arguments are a JSON array, e.g. [\"a\",1]");
    }
    ArrayNode root = NODES.arrayNode();
    // Most arguments nest a level or two: a small stack, grown when deeper (a 65-slot one had been
    // a tenth of what a POST allocated).
    ContainerNode<?>[] stack = new ContainerNode<?>[Math.min(maxDepth, INITIAL_STACK_DEPTH) + 1];
    stack[0] = root;
    int depth = 0;
    String field = null;
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      switch (t) {
        case END_ARRAY:
        case END_OBJECT:
          depth--;
          if (depth < 0) {
            if (p.nextToken() != null) {
              throw new BadArgumentsException("the body is not valid JSON: more data after the array");
            }
            return root;
          }
          continue;
        case FIELD_NAME:
          field = p.currentName();
          continue;
        case START_ARRAY:
        case START_OBJECT:
          if (depth + 2 > maxDepth) {
            throw new BadArgumentsException("the arguments are nested deeper than " + maxDepth + " levels");
          }
          ContainerNode<?> child = t == JsonToken.START_ARRAY ? NODES.arrayNode() : NODES.objectNode();
          add(stack[depth], field, child);
          depth++;
          if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, Math.min(maxDepth, stack.length * 2) + 1);
          }
          stack[depth] = child;
          continue;
        default:
          add(stack[depth], field, scalar(p, t));
      }
    }
    throw new BadArgumentsException("the body is not valid JSON: it ends inside the array");
  }

  private static void add(ContainerNode<?> parent, String field, JsonNode value) {
    if (parent instanceof ArrayNode) {
      ((ArrayNode) parent).add(value);
    } else {
      ((ObjectNode) parent).set(field, value); // a repeated name: the last one wins
    }
  }

  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int newline = message == null ? -1 : message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    JsonLocation where = e.getLocation();
    if (where != null && where.getLineNr() > 0) {
      message += " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
    return message;
  }
}
