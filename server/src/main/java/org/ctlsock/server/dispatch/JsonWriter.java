package org.ctlsock.server.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.Map;

/**
 * Writes results as JSON text in UTF-8 (spec 6.1.2). JSON trees are written with the streaming
 * generator, so the common path never loads ObjectMapper; other objects (maps, lists, beans) use
 * an ObjectMapper created on first need.
 */
final class JsonWriter {
  /** Characters outside the BMP as their 4-byte UTF-8, not as escaped surrogate pairs. */
  private static final JsonFactory PLAIN = JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  /** For strings with unpaired surrogates, which cannot be UTF-8: they are written as escapes. */
  private static final JsonFactory ASCII = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** Results larger than this are not kept in a thread's reused output block. */
  private static final int REUSED_MOST = 16 * 1024;
  private static final ThreadLocal<ReusedGenerator> REUSED = new ThreadLocal<>();

  private JsonWriter() {}

  static byte[] write(JsonNode node) throws IOException {
    ReusedGenerator reused = REUSED.get();
    if (reused == null) {
      reused = new ReusedGenerator();
      REUSED.set(reused);
    }
    byte[] bytes;
    try {
      bytes = reused.write(node);
    } catch (IOException e) {
      REUSED.remove(); // may be left in the middle of a value
      return write(ASCII, node);
    } catch (RuntimeException | Error e) {
      REUSED.remove();
      throw e;
    }
    if (bytes.length > REUSED_MOST) {
      REUSED.remove(); // let its large output block go
    }
    return bytes;
  }

  /**
   * A generator kept by a thread and used for one result after another: creating a generator (its
   * context, and a buffer from Jackson's recycler, whose atomic array operations are slow in the
   * quick compiler the launcher uses) was most of the cost of writing a small result (JFR, issue 15).
   * Each result is written as a root value with no separator before it, flushed, and taken out.
   */
  private static final class ReusedGenerator {
    private final ByteArrayBuilder out = new ByteArrayBuilder(256);
    private final JsonGenerator generator;

    ReusedGenerator() throws IOException {
      generator = PLAIN.createGenerator(out);
      generator.setRootValueSeparator(null);
    }

    byte[] write(JsonNode node) throws IOException {
      writeNode(generator, node);
      generator.flush();
      byte[] bytes = out.toByteArray();
      out.reset();
      return bytes;
    }
  }

  private static byte[] write(JsonFactory factory, JsonNode node) throws IOException {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator g = factory.createGenerator(out)) {
      writeNode(g, node);
      g.flush();
      return out.toByteArray();
    }
  }

  static byte[] writeObject(Object value) throws IOException {
    return Mapper.INSTANCE.writeValueAsBytes(value);
  }

  private static void writeNode(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case ARRAY:
        g.writeStartArray();
        for (int i = 0; i < node.size(); i++) {
          writeNode(g, node.get(i));
        }
        g.writeEndArray();
        break;
      case OBJECT:
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          g.writeFieldName(field.getKey());
          writeNode(g, field.getValue());
        }
        g.writeEndObject();
        break;
      case STRING:
        g.writeString(node.textValue());
        break;
      case NUMBER:
        writeNumber(g, node);
        break;
      case BOOLEAN:
        g.writeBoolean(node.booleanValue());
        break;
      case BINARY:
        g.writeBinary(node.binaryValue());
        break;
      case POJO:
        g.writeRawValue(new String(writeObject(((POJONode) node).getPojo()), java.nio.charset.StandardCharsets.UTF_8));
        break;
      case NULL:
      case MISSING:
      default:
        g.writeNull();
    }
  }

  private static void writeNumber(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.numberType()) {
      case INT:
        g.writeNumber(node.intValue());
        break;
      case LONG:
        g.writeNumber(node.longValue());
        break;
      case BIG_INTEGER:
        g.writeNumber(node.bigIntegerValue());
        break;
      case FLOAT:
        g.writeNumber(node.floatValue());
        break;
      case BIG_DECIMAL:
        g.writeNumber(node.decimalValue());
        break;
      case DOUBLE:
      default:
        g.writeNumber(node.doubleValue());
    }
  }

  /** Loaded only when a command returns something that is not a JSON tree or a string. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }
}
