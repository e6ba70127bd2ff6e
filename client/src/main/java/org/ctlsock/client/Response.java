package org.ctlsock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response from the server, fully read: status, header fields and body bytes. Immutable.
 */
public final class Response {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  Response(int status, Map<String, List<String>> headersLowerCase, byte[] body) {
    this.status = status;
    this.headers = Map.copyOf(headersLowerCase);
    this.body = body.clone();
  }

  public int status() {
    return status;
  }

  /** The {@code Content-Type} field as sent, e.g. {@code text/plain; charset=utf-8}; empty if absent. */
  public String contentType() {
    return header("Content-Type").orElse("");
  }

  /** The media type without parameters, lower-case: {@code text/plain}, {@code application/json}. */
  public String mediaType() {
    String type = contentType();
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** True when the body is a JSON text (a structured result, spec clause 6.1.2). */
  public boolean isJson() {
    return mediaType().equals("application/json");
  }

  /** The first value of a header field, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** All header fields, names in lower case, values in the order received. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The body bytes, exactly as received (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8, which is what the spec requires for every body (section 6). */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON. Works for any body that is JSON text, whatever the content type says;
   * throws {@link UncheckedIOException} when it is not.
   */
  public JsonNode json() {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("response body is not JSON: " + abbreviate(text()), e);
    }
  }

  /** The body parsed as JSON and bound to {@code type} by Jackson (e.g. {@code List.class}). */
  public <T> T json(Class<T> type) {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException("response body is not JSON of " + type.getSimpleName() + ": "
          + abbreviate(text()), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }

  @Override
  public String toString() {
    return "HTTP " + status + " " + contentType() + " (" + body.length + " bytes)";
  }
}
