package org.ctlsock.server.dispatch;

import java.util.Map;
import org.ctlsock.server.Command;
import org.ctlsock.server.Limits;
import org.ctlsock.server.Method;
import org.ctlsock.server.PeerCredentials;
import org.ctlsock.server.TracebackPolicy;
import org.ctlsock.server.http.Peer;
import org.ctlsock.server.http.RequestHead;
import org.ctlsock.server.http.Response;
import org.ctlsock.server.http.Route;
import org.ctlsock.server.http.Router;

/**
 * Decides what a request means, from its head: 403 for a peer not on the allow-list (9.3.3),
 * 400 for a badly encoded name, 404 for no such command (5.2.6, 6.3.1), 405 with {@code Allow}
 * for a method the command does not allow (5.2.4, 5.2.5), otherwise the command.
 */
public final class CommandRouter implements Router {
  private final Map<String, Command> commands;
  private final PeerAllowList allowList;
  private final JsonArgumentsParser parser;
  private final TracebackPolicy tracebacks;
  private final boolean queryArguments;

  /**
   * @param queryArguments whether {@code GET /cmd?args=J} carries arguments (capability
   *     query-args, spec 9.5.1); otherwise the query string is ignored (5.1.2)
   */
  public CommandRouter(
      Map<String, Command> commands, PeerAllowList allowList, Limits limits, TracebackPolicy tracebacks, boolean queryArguments) {
    this.commands = Map.copyOf(commands);
    this.allowList = allowList;
    this.parser = new JsonArgumentsParser(limits.maxJsonDepth(), limits.maxBodyBytes());
    this.tracebacks = tracebacks;
    this.queryArguments = queryArguments;
  }

  @Override
  public Response refusal(Peer peer) {
    if (allowList.isOpen()) {
      return null;
    }
    PeerCredentials credentials = peer.credentials();
    return allowList.permits(credentials) ? null : forbidden(credentials);
  }

  private static Response forbidden(PeerCredentials credentials) {
    return Response.text(403, "peer uid " + credentials.uid() + " gid " + credentials.gid() + " is not allowed to use this server\n");
  }

  @Override
  public Route route(RequestHead head, Peer peer) {
    if (!allowList.isOpen()) {
      PeerCredentials credentials = peer.credentials();
      if (!allowList.permits(credentials)) {
        return new FixedRoute(forbidden(credentials), head.target());
      }
    }
    CommandName name = CommandName.fromTarget(head.target());
    switch (name.kind()) {
      case BAD_ENCODING:
        return new FixedRoute(Response.text(400, "bad command name in " + CommandName.printable(head.target()) + ": " + name.problem() + "\n"), head.target());
      case NOT_A_NAME:
        return notFound(name.name(), head.target());
      case VALID:
      default:
        break;
    }
    Command command = commands.get(name.name());
    if (command == null) {
      return notFound(name.name(), name.name());
    }
    Method method = Method.fromToken(head.method());
    if (!command.allows(method)) {
      return new FixedRoute(Response.methodNotAllowed(head.method(), command.name(), command.allowHeader()), command.name());
    }
    byte[] query = null;
    if (queryArguments && method != Method.POST) {
      try {
        query = QueryArguments.find(head.target());
      } catch (IllegalArgumentException e) {
        return new FixedRoute(Response.text(400, e.getMessage() + "\n"), command.name());
      }
    }
    return new CommandRoute(command, method, peer, parser, tracebacks, query);
  }

  private static Route notFound(String name, String logName) {
    return new FixedRoute(Response.text(404, "no command named '" + CommandName.printable(name) + "'\n"), logName);
  }
}
