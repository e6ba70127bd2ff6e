package org.ctlsock.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the spec says a call of the interop script must get back. Every client script makes the
 * same calls with the same arguments, so one table serves them all.
 */
record CallExpectation(String name, String clause, String requirement, int status,
    String mediaType, boolean utf8Charset, BodyCheck check, String body) {

  enum BodyCheck {
    /** The body is exactly these UTF-8 bytes. */
    EXACT,
    /** The body is a JSON text equal (as a value) to this one. */
    JSON,
    /** The body contains this text. */
    CONTAINS,
    /** The body is not empty (spec 6.3.2: a short human-readable body). */
    NON_EMPTY,
    /** No body at all (HEAD). */
    EMPTY
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String UTF8_TEXT = "héllo wörld ✓ 𝄞 日本";
  static final String BIG_STRING = "x".repeat(1500);

  static final Map<String, CallExpectation> ALL = table();

  private static Map<String, CallExpectation> table() {
    Map<String, CallExpectation> t = new LinkedHashMap<>();
    add(t, "get-echo", "5.2.2", "GET runs the command with no arguments (echo answers [])",
        200, "application/json", false, BodyCheck.JSON, "[]");
    add(t, "post-echo", "5.2.1", "POST runs the command with the arguments in the request body",
        200, "application/json", false, BodyCheck.JSON, "[\"a\",1]");
    add(t, "post-form", "5.3.5", "The body is parsed as JSON whatever its Content-Type says"
        + " (curl -d sends application/x-www-form-urlencoded)",
        200, "application/json", false, BodyCheck.JSON, "[\"a\",1]");
    add(t, "text-utf8", "6.1.1", "A string result is answered 200 with Content-Type: text/plain;"
        + " charset=utf-8 and the string's UTF-8 bytes as the body, exactly",
        200, "text/plain", true, BodyCheck.EXACT, UTF8_TEXT);
    add(t, "value-json", "6.1.2", "A structured result is answered 200 with Content-Type:"
        + " application/json and the value as one JSON text",
        200, "application/json", false, BodyCheck.JSON, "{\"k\":[1,2.5,true,null],\"s\":\"ü\"}");
    add(t, "nothing", "6.1.3", "A command that returns nothing is answered 200 with Content-Type:"
        + " text/plain; charset=utf-8 and the body Success, exactly",
        200, "text/plain", true, BodyCheck.EXACT, "Success");
    add(t, "fail", "6.2.1", "A command that fails is answered 500 with Content-Type: text/plain;"
        + " charset=utf-8 and a body that contains the error's message verbatim",
        500, "text/plain", true, BodyCheck.CONTAINS, "boom-interop");
    add(t, "unknown", "6.3.1", "A request for an unknown command is answered 404 with a text/plain"
        + " body that names the command",
        404, "text/plain", false, BodyCheck.CONTAINS, "no-such-command");
    add(t, "method-not-allowed", "5.2.4", "GET on a command restricted to POST is answered 405",
        405, "text/plain", false, BodyCheck.NON_EMPTY, "");
    add(t, "head-echo", "5.2.3", "HEAD is answered as GET would be, with the same status and"
        + " header fields and no body; the connection stays usable afterwards",
        200, "application/json", false, BodyCheck.EMPTY, "");
    add(t, "percent-name", "5.1.1", "The command name is the path after percent-decoding:"
        + " GET /ech%6F names echo",
        200, "application/json", false, BodyCheck.JSON, "[]");
    add(t, "query-ignored", "5.1.2", "The query string is not part of the command name:"
        + " /echo?x=1 names echo",
        200, "application/json", false, BodyCheck.JSON, "[]");
    add(t, "http10", "4.1.2", "A server answers an HTTP/1.0 request",
        200, "application/json", false, BodyCheck.JSON, "[\"a\",1]");
    add(t, "chunked", "4.3.1", "A server reads a request body framed by chunked transfer coding",
        200, "application/json", false, BodyCheck.JSON, "[\"chunked\",2]");
    add(t, "expect-continue", "4.3.2", "A server answers a request that has Expect: 100-continue"
        + " (here with a 1.5 KiB body)",
        200, "application/json", false, BodyCheck.JSON, "[\"" + BIG_STRING + "\"]");
    add(t, "large-echo", "7.2.1", "A server accepts request bodies of up to 1 MiB (here a"
        + " string of 1048000 bytes, echoed back)",
        200, "application/json", false, BodyCheck.JSON, "[\"" + "x".repeat(1048000) + "\"]");
    add(t, "expect-unknown", "4.3.2, 4.3.6", "A server answers a request that has Expect:"
        + " 100-continue (4.3.2); one that answers before reading the body and then closes, closes"
        + " gracefully so that the client still receives the response (4.3.6, SHOULD). HttpClient 5"
        + " writes a small body even after an early 404; a server that closed at once makes it fail"
        + " with EPIPE and lose the 404 (printed as status 0)",
        404, "text/plain", false, BodyCheck.CONTAINS, "no-such-command");
    for (int i = 1; i <= 3; i++) {
      add(t, "keepalive-" + i, "4.2.1", "An HTTP/1.1 connection is persistent: the server reads"
          + " the next request on the same connection",
          200, "application/json", false, BodyCheck.JSON, "[" + i + "]");
    }
    return Map.copyOf(t);
  }

  private static void add(Map<String, CallExpectation> t, String name, String clause,
      String requirement, int status, String mediaType, boolean utf8Charset, BodyCheck check,
      String body) {
    t.put(name, new CallExpectation(name, clause, requirement, status, mediaType, utf8Charset,
        check, body));
  }

  /** The calls every client script makes. */
  static List<String> baseCalls() {
    return List.of("get-echo", "post-echo", "text-utf8", "value-json", "nothing", "fail",
        "unknown", "method-not-allowed", "keepalive-1", "keepalive-2", "keepalive-3");
  }

  static List<String> baseCallsPlus(String... more) {
    List<String> calls = new ArrayList<>(baseCalls());
    calls.addAll(Arrays.asList(more));
    return List.copyOf(calls);
  }

  /** Empty when {@code actual} meets the expectation, else what is wrong, in words. */
  Optional<String> mismatch(ObservedCall actual) {
    List<String> wrong = new ArrayList<>();
    if (actual.status() != status) {
      wrong.add("status " + actual.status() + " instead of " + status);
    }
    if (!actual.mediaType().equals(mediaType)) {
      wrong.add("media type \"" + actual.mediaType() + "\" instead of \"" + mediaType + "\"");
    }
    if (utf8Charset && !actual.charset().equals("utf-8")) {
      wrong.add("charset \"" + actual.charset() + "\" instead of \"utf-8\"");
    }
    switch (check) {
      case EXACT -> {
        if (!Arrays.equals(actual.body(), body.getBytes(StandardCharsets.UTF_8))) {
          wrong.add("body differs from the expected bytes");
        }
      }
      case JSON -> {
        Optional<JsonNode> parsed = parse(actual.body());
        if (parsed.isEmpty()) {
          wrong.add("body is not JSON");
        } else if (!parsed.get().equals(parse(body.getBytes(StandardCharsets.UTF_8)).orElseThrow())) {
          wrong.add("body is not the expected JSON value");
        }
      }
      case CONTAINS -> {
        if (!actual.bodyText().contains(body)) {
          wrong.add("body does not contain \"" + body + "\"");
        }
      }
      case NON_EMPTY -> {
        if (actual.body().length == 0) {
          wrong.add("body is empty");
        }
      }
      case EMPTY -> {
        if (actual.body().length != 0) {
          wrong.add("a body where there must be none");
        }
      }
    }
    return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
  }

  /** The expectation in words, for "Expected:" lines. */
  String describe() {
    String type = mediaType + (utf8Charset ? "; charset=utf-8" : "");
    String shownBody = body.length() > 80 ? body.substring(0, 80) + "…(" + body.length() + " chars)"
        : body;
    return status + " " + type + ", body " + switch (check) {
      case EXACT -> "exactly \"" + shownBody + "\"";
      case JSON -> "the JSON value " + shownBody;
      case CONTAINS -> "containing \"" + shownBody + "\"";
      case NON_EMPTY -> "not empty";
      case EMPTY -> "none";
    };
  }

  private static Optional<JsonNode> parse(byte[] bytes) {
    try {
      return Optional.ofNullable(JSON.readTree(bytes));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
