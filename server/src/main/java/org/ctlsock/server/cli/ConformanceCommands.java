package org.ctlsock.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.ctlsock.server.Arguments;
import org.ctlsock.server.CallContext;
import org.ctlsock.server.Command;
import org.ctlsock.server.CommandException;
import org.ctlsock.server.PeerCredentials;

/** The conformance command set of spec 8.1 and {@code whoami} of 9.3.1. */
public final class ConformanceCommands {
  private static final int MAX_SLEEP_MILLIS = 60_000;

  private ConformanceCommands() {}

  public static List<Command> all() {
    return List.of(
        Command.of("echo", ConformanceCommands::echo),
        Command.postOnly("echo-post", ConformanceCommands::echo),
        Command.of("fail", ConformanceCommands::fail),
        Command.of("nothing", (args, ctx) -> null),
        Command.of("text", ConformanceCommands::text),
        Command.of("value", ConformanceCommands::value),
        Command.of("sleep", ConformanceCommands::sleep),
        Command.of("whoami", ConformanceCommands::whoami));
  }

  /** 8.1.1: the arguments, as a JSON array, unchanged. */
  static Object echo(Arguments args, CallContext ctx) {
    return args.toArrayNode();
  }

  /** 8.1.2: always fails, with the first argument as message when it is a string. */
  static Object fail(Arguments args, CallContext ctx) {
    JsonNode first = args.get(0);
    throw new CommandException(first != null && first.isTextual() ? first.textValue() : "fail called");
  }

  /** 8.1.4: the first argument as a string result; "" with none; anything else fails. */
  static Object text(Arguments args, CallContext ctx) {
    JsonNode first = args.get(0);
    if (first == null) {
      return "";
    }
    if (!first.isTextual()) {
      throw new CommandException("text takes a string argument, not " + first.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return first.textValue();
  }

  /** 8.1.5: the first argument, whatever its type; nothing with none. */
  static Object value(Arguments args, CallContext ctx) {
    return args.get(0);
  }

  /** 8.1.6: waits the given milliseconds (0 to 60000), then returns nothing. */
  static Object sleep(Arguments args, CallContext ctx) throws InterruptedException {
    JsonNode first = args.get(0);
    long millis = 0;
    if (first != null) {
      if (!first.isIntegralNumber() || !first.canConvertToLong() || first.longValue() < 0 || first.longValue() > MAX_SLEEP_MILLIS) {
        throw new CommandException("sleep takes an integer number of milliseconds from 0 to " + MAX_SLEEP_MILLIS + ", not " + first);
      }
      millis = first.longValue();
    }
    Thread.sleep(millis);
    return null;
  }

  /** 9.3.1: the kernel's credentials of the peer, never anything the client sent. */
  static Object whoami(Arguments args, CallContext ctx) {
    PeerCredentials peer = ctx.peer();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("uid", peer.uid());
    result.put("gid", peer.gid());
    if (peer.pid() == null) {
      result.putNull("pid");
    } else {
      result.put("pid", peer.pid());
    }
    return result;
  }
}
