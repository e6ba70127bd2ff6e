package org.ctlsock.interop;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One call as a client printed it: {@code CALL <name> <status> <content-type> <base64 body>}. */
record ObservedCall(String name, int status, String contentType, byte[] body) {

  /** The media type without parameters, lower-case ("" when the response had no Content-Type). */
  String mediaType() {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip().toLowerCase(Locale.ROOT);
  }

  /** The charset parameter, lower-case, or "" when there is none. */
  String charset() {
    for (String parameter : contentType.toLowerCase(Locale.ROOT).split(";")) {
      String p = parameter.strip();
      if (p.startsWith("charset=")) {
        return p.substring("charset=".length()).replace("\"", "");
      }
    }
    return "";
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    if (status == 0) {
      return "no response: the client failed with " + bodyText();
    }
    return status + " " + (contentType.isEmpty() ? "(no Content-Type)" : contentType) + ", body "
        + Bytes.show(body);
  }
}
