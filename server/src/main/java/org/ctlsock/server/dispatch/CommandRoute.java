package org.ctlsock.server.dispatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.ctlsock.server.Arguments;
import org.ctlsock.server.CallContext;
import org.ctlsock.server.Command;
import org.ctlsock.server.Method;
import org.ctlsock.server.PeerCredentials;
import org.ctlsock.server.TracebackPolicy;
import org.ctlsock.server.http.Peer;
import org.ctlsock.server.http.Response;
import org.ctlsock.server.http.Route;

/**
 * A request that runs a command: POST with the body's arguments (5.2.1), GET and HEAD with none
 * (5.2.2, 5.2.3). The result is the 200 answer; a throw is the 500 answer (6.2).
 */
final class CommandRoute implements Route, CallContext {
  private final Command command;
  private final Method method;
  private final Peer peer;
  private final JsonArgumentsParser parser;
  private final TracebackPolicy tracebacks;
  private final byte[] queryArguments;

  /**
   * @param queryArguments the decoded {@code args} query parameter of a GET or HEAD (capability
   *     query-args), or {@code null}
   */
  CommandRoute(Command command, Method method, Peer peer, JsonArgumentsParser parser, TracebackPolicy tracebacks, byte[] queryArguments) {
    this.command = command;
    this.method = method;
    this.peer = peer;
    this.parser = parser;
    this.tracebacks = tracebacks;
    this.queryArguments = queryArguments;
  }

  @Override
  public boolean wantsBody() {
    return method == Method.POST;
  }

  @Override
  public long memoryCost(byte[] body) {
    return ArgumentsCost.of(method == Method.POST ? body : queryArguments, parser.maxDepth());
  }

  @Override
  public Response respond(byte[] body) {
    byte[] json = method == Method.POST ? body : queryArguments;
    Arguments arguments;
    if (json != null && json.length > 0) {
      try {
        ArrayNode parsed = parser.parse(json);
        arguments = Arguments.of(parsed);
      } catch (BadArgumentsException e) {
        return Response.text(400, (method == Method.POST ? "" : "args parameter: ") + e.getMessage() + "\n");
      }
    } else {
      arguments = Arguments.none();
    }
    return invoke(arguments);
  }

  private Response invoke(Arguments arguments) {
    try {
      Object result = command.handler().handle(arguments, this);
      return ResultEncoder.encode(result);
    } catch (Throwable failure) { // NOPMD: every failure of the command is its 500 answer
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
        throw (VirtualMachineError) failure;
      }
      return Response.text(500, Tracebacks.format(failure, tracebacks));
    }
  }

  @Override
  public String logName() {
    return command.name();
  }

  @Override
  public String command() {
    return command.name();
  }

  @Override
  public Method method() {
    return method;
  }

  @Override
  public PeerCredentials peer() {
    return peer.credentials();
  }
}
