package org.ctlsock.server.dispatch;

import org.ctlsock.server.http.Response;
import org.ctlsock.server.http.Route;

/** A request answered without running a command (403, 404, 405, 400 for a bad name). */
final class FixedRoute implements Route {
  private final Response response;
  private final String logName;

  FixedRoute(Response response, String logName) {
    this.response = response;
    this.logName = logName;
  }

  @Override
  public boolean wantsBody() {
    return false;
  }

  @Override
  public Response respond(byte[] body) {
    return response;
  }

  @Override
  public String logName() {
    return logName;
  }
}
