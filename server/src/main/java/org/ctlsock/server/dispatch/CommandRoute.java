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

  CommandRoute(Command command, Method method, Peer peer, JsonArgumentsParser parser, TracebackPolicy tracebacks) {
    this.command = command;
    this.method = method;
    this.peer = peer;
    this.parser = parser;
    this.tracebacks = tracebacks;
  }

  @Override
  public boolean wantsBody() {
    return method == Method.POST;
  }

  @Override
  public Response respond(byte[] body) {
    Arguments arguments;
    if (method == Method.POST && body.length > 0) {
      try {
        ArrayNode parsed = parser.parse(body);
        arguments = Arguments.of(parsed);
      } catch (BadArgumentsException e) {
        return Response.text(400, e.getMessage() + "\n");
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
