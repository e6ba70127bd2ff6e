package org.ctlsock.server.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.ctlsock.server.CtlsockServer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT shut the server down cleanly and exit with status 0 (spec 3.4.1). A plain
 * JVM shutdown hook would exit 143 or 130, so the signals are handled here (jdk.unsupported's
 * {@code sun.misc.Signal}); the hook remains for other ways the JVM may end.
 */
final class ShutdownOnSignal {
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private ShutdownOnSignal() {}

  static void install(CtlsockServer server) {
    Signal.handle(new Signal("TERM"), signal -> stop(server));
    Signal.handle(new Signal("INT"), signal -> stop(server));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ctlsock-shutdown-hook"));
  }

  private static void stop(CtlsockServer server) {
    if (!STOPPING.compareAndSet(false, true)) {
      return; // already stopping: requests in progress keep their grace period
    }
    // Runs on the JVM's own handler thread: starting one more here could fail when the process is
    // at its thread limit (prlimit --nproc, pids.max), and the signal would then be lost (7.5.1).
    server.close();
    System.exit(0);
  }
}
