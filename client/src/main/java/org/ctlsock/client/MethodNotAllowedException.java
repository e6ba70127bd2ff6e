package org.ctlsock.client;

import java.util.Arrays;
import java.util.List;

/** 405: the command does not allow the method used, e.g. GET on a POST-only command (clause 5.2.4). */
public class MethodNotAllowedException extends StatusException {
  private static final long serialVersionUID = 1L;

  public MethodNotAllowedException(String command, Response response) {
    super(command, response);
  }

  /** The methods the server's {@code Allow} field lists, upper-case; empty when it sent none. */
  public List<String> allowedMethods() {
    return response().header("Allow")
        .map(allow -> Arrays.stream(allow.split(","))
            .map(String::strip)
            .filter(m -> !m.isEmpty())
            .toList())
        .orElse(List.of());
  }
}
