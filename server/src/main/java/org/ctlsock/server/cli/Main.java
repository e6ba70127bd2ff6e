package org.ctlsock.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.ctlsock.server.Command;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.TracebackPolicy;

/** The {@code ctlsock-server} program: the conformance command set on a socket path (spec 8). */
public final class Main {
  private Main() {}

  public static void main(String[] argv) {
    CliOptions options;
    try {
      options = CliOptions.parse(argv);
    } catch (UsageException e) {
      System.err.println("ctlsock-server: " + e.getMessage() + " (try --help)");
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.print(CliOptions.USAGE);
      System.exit(0);
    }
    if (options.version) {
      Properties v = versions();
      System.out.println("ctlsock-server " + v.getProperty("version", "unknown") + " (ctlsock protocol " + v.getProperty("spec", "1.0") + ")");
      System.exit(0);
    }

    CtlsockServer server = build(options);
    // Signals first: a SIGTERM that arrives while the socket is being created still ends in a
    // clean shutdown with status 0, never in the JVM's default exit 143.
    ShutdownOnSignal.install(server);
    try {
      server.start();
    } catch (StartupException e) {
      System.err.println("ctlsock-server: " + e.getMessage());
      System.exit(e.reason().exitStatus());
      return;
    } catch (RuntimeException e) {
      System.err.println("ctlsock-server: " + options.socketPath + ": internal error while starting: " + e);
      System.exit(1);
      return;
    }
    if (!options.quiet) {
      System.err.println(
          "ctlsock-server: serving on " + options.socketPath + (server.isSocketActivated() ? " (socket activation)" : ""));
    }
    awaitForever();
  }

  static CtlsockServer build(CliOptions options) {
    CtlsockServer.Builder builder =
        CtlsockServer.builder(options.socketPath)
            .limits(options.limits)
            .gracePeriod(options.grace)
            .tracebacks(options.noTracebackFrames ? TracebackPolicy.TYPE_AND_MESSAGE : TracebackPolicy.FULL)
            .socketActivation(true)
            .queryArguments(true)
            .trimHeapWhenIdle(true);
    for (Command command : ConformanceCommands.all()) {
      builder.command(command);
    }
    if (options.mode != null) {
      builder.mode(options.mode);
    }
    if (options.group != null) {
      builder.group(options.group);
    }
    options.allowUids.forEach(builder::allowUid);
    options.allowGids.forEach(builder::allowGid);
    if (!options.quiet) {
      builder.requestLog(new StderrRequestLog());
    }
    return builder.build();
  }

  /** The server's threads are daemons: the main thread keeps the process alive until a signal. */
  private static void awaitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties versions() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/org/ctlsock/server/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown version
    }
    return p;
  }
}
