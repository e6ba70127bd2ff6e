package org.ctlsock.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A response as read off the wire, with the raw head kept for failure messages. */
public record HttpResponse(String statusLine, int status, Map<String, List<String>> headers, byte[] body, String rawHead) {
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return rawHead + text();
  }
}
