package org.ctlsock.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JsonWriter reuses one generator per thread for result after result: each result must come out
 * exactly as a fresh generator writes it, with nothing of the one before, even after a result the
 * UTF-8 generator could not write (an unpaired surrogate) or a large one.
 */
class JsonWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void resultAfterResultIsWrittenAsAFreshGeneratorWritesIt() throws Exception {
    String large = "x".repeat(40_000);
    String[] results = {
      "[\"a\",1]", "\"text\"", "42", "-0.5", "1e300", "[]", "{}", "null", "true",
      "{\"k\":[1,true,null,{\"n\":\"\\u0001\\\"\\\\/\"}]}", "\"\\ud83d\\ude00 and caf\\u00e9\"",
      "\"unpaired \\ud800 surrogate\"", "[1,2]", "\"" + large + "\"", "[3]", "123456789012345678901234567890",
      "\"unpaired \\udc00 again\"", "\"after\""
    };
    for (int round = 0; round < 2; round++) {
      for (String json : results) {
        JsonNode node = MAPPER.readTree(json);
        assertThat(new String(JsonWriter.write(node), StandardCharsets.UTF_8))
            .as("result %s", json.length() > 60 ? json.substring(0, 60) + "…" : json)
            .isEqualTo(fresh(node));
      }
    }
  }

  /** What a generator made for this result alone writes (the ASCII-escaping one when UTF-8 cannot be written). */
  private static String fresh(JsonNode node) throws Exception {
    try {
      return fresh(JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build(), node);
    } catch (java.io.IOException e) {
      return fresh(JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build(), node);
    }
  }

  private static String fresh(JsonFactory factory, JsonNode node) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.setCodec(MAPPER);
      g.writeTree(node);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
