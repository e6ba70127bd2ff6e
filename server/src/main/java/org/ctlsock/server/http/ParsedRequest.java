package org.ctlsock.server.http;

import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A request whose request line was parsed strictly here, keeping the raw target: HttpCore would
 * otherwise turn it into a URI, which neither keeps percent-encoding as sent nor accepts every
 * target a client may send.
 */
final class ParsedRequest extends BasicClassicHttpRequest {
  private static final long serialVersionUID = 1L;

  private final String rawMethod;
  private final String rawTarget;
  private final int major;
  private final int minor;

  ParsedRequest(String method, String target, int major, int minor) {
    // No path for HttpCore's own fields: given one, it would parse it into a URI for nothing.
    super(method, (String) null);
    this.rawMethod = method;
    this.rawTarget = target;
    this.major = major;
    this.minor = minor;
  }

  String rawMethod() {
    return rawMethod;
  }

  String rawTarget() {
    return rawTarget;
  }

  boolean isHttp10() {
    return major == 1 && minor == 0;
  }
}
