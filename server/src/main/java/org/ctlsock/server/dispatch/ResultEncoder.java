package org.ctlsock.server.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ctlsock.server.http.Response;

/** Turns what a command returned into the 200 answer (spec 6.1). */
final class ResultEncoder {
  /** 6.1.3: nothing is answered with exactly {@code Success}. */
  static final Response SUCCESS = Response.of(200, Response.TEXT, "Success".getBytes(StandardCharsets.US_ASCII));

  private ResultEncoder() {}

  /**
   * @throws IOException when the result cannot be written as JSON (a bean Jackson cannot
   *     serialize): that is the command's failure, answered 500 by the caller
   */
  static Response encode(Object result) throws IOException {
    if (result == null) {
      return SUCCESS;
    }
    if (result instanceof CharSequence) {
      return Response.of(200, Response.TEXT, result.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (result instanceof JsonNode) {
      JsonNode node = (JsonNode) result;
      if (node.isNull() || node.isMissingNode()) {
        return SUCCESS;
      }
      if (node.isTextual()) {
        return Response.of(200, Response.TEXT, node.textValue().getBytes(StandardCharsets.UTF_8));
      }
      return Response.json(JsonWriter.write(node));
    }
    if (result instanceof Optional) {
      return encode(((Optional<?>) result).orElse(null));
    }
    return Response.json(JsonWriter.writeObject(result));
  }
}
