package org.ctlsock.server.testing;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.ctlsock.server.Command;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.cli.ConformanceCommands;

/** Starts library servers with the conformance command set for tests. */
public final class TestServers {
  private TestServers() {}

  public static CtlsockServer.Builder conformance(Path socket) {
    CtlsockServer.Builder builder = CtlsockServer.builder(socket.toString());
    for (Command command : ConformanceCommands.all()) {
      builder.command(command);
    }
    return builder;
  }

  public static CtlsockServer start(Path socket, UnaryOperator<CtlsockServer.Builder> options) throws StartupException {
    CtlsockServer server = options.apply(conformance(socket)).build();
    server.start();
    return server;
  }

  public static CtlsockServer start(Path socket) throws StartupException {
    return start(socket, b -> b);
  }
}
