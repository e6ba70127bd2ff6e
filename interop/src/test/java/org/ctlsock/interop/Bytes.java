package org.ctlsock.interop;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shows a body in a failure message: as text when it is UTF-8, and always as hex when short. */
final class Bytes {
  private static final int LIMIT = 300;

  private Bytes() {}

  static String show(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      text = null;
    }
    StringBuilder shown = new StringBuilder();
    shown.append(body.length).append(" bytes");
    if (text != null) {
      String quoted = text.length() > LIMIT ? text.substring(0, LIMIT) + "…" : text;
      shown.append(" \"").append(quoted.replace("\r", "\\r").replace("\n", "\\n")).append('"');
    }
    if (body.length <= 64 || text == null) {
      shown.append(" [hex ").append(hex(body, Math.min(body.length, 128)))
          .append(body.length > 128 ? " …" : "").append(']');
    }
    return shown.toString();
  }

  private static String hex(byte[] bytes, int count) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < count; i++) {
      hex.append(String.format("%02x", bytes[i] & 0xff));
    }
    return hex.toString();
  }
}
