package org.ctlsock.server;

import java.util.EnumSet;
import java.util.Set;

/** The HTTP methods a command can allow (spec 5.2). HEAD is allowed wherever GET is. */
public enum Method {
  GET,
  HEAD,
  POST;

  /** GET, HEAD and POST: the default for a command. */
  public static Set<Method> any() {
    return EnumSet.allOf(Method.class);
  }

  /** POST only (spec 5.2.4). */
  public static Set<Method> postOnly() {
    return EnumSet.of(POST);
  }

  /** The request's method token, or {@code null} when it is not one a command can allow. */
  public static Method fromToken(String token) {
    switch (token) {
      case "GET":
        return GET;
      case "HEAD":
        return HEAD;
      case "POST":
        return POST;
      default:
        return null;
    }
  }
}
