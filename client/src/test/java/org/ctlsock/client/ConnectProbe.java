package org.ctlsock.client;

import java.nio.file.Path;

/**
 * Run as a separate process by {@link ConnectFailureTest} under another uid: connects to the path
 * in {@code args[0]} and prints the simple name of the exception (or "connected").
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  public static void main(String[] args) {
    try (CtlsockClient client = CtlsockClient.connect(Path.of(args[0]))) {
      System.out.println("connected");
    } catch (CtlsockException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
