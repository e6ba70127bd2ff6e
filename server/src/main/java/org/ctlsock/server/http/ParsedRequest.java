package org.ctlsock.server.http;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A request whose request line was parsed strictly here, keeping the raw target: HttpCore would
 * otherwise turn it into a URI, which neither keeps percent-encoding as sent nor accepts every
 * target a client may send. Its header fields are kept as parsed, in order, for the server's own
 * lookups: HttpCore's {@code getHeaders} copies them into a new array (and a list) on every call.
 */
final class ParsedRequest extends BasicClassicHttpRequest {
  private static final long serialVersionUID = 1L;
  private static final Header[] NO_FIELDS = new Header[0];

  private final String rawMethod;
  private final String rawTarget;
  private final int major;
  private final int minor;
  private Header[] fields = NO_FIELDS;

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

  /** Sets the header fields, for HttpCore's accessors as well as for {@link #fields()}. */
  @Override
  public void setHeaders(Header... headers) {
    super.setHeaders(headers);
    fields = headers == null ? NO_FIELDS : headers;
  }

  /**
   * The header fields as {@link #setHeaders} last set them, in the order they came, not copied:
   * callers must not change the array.
   */
  Header[] fields() {
    return fields;
  }

  /** The first field of this name (compared ignoring case), or {@code null}. */
  Header firstField(String name) {
    for (Header field : fields) {
      if (field.getName().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  boolean isHttp10() {
    return major == 1 && minor == 0;
  }
}
