package org.ctlsock.interop;

import java.nio.file.Path;

/** Where the suite finds the repository's files; Maven passes them as system properties. */
final class Paths {
  private Paths() {}

  static Path repo() {
    return Path.of(System.getProperty("ctlsock.repo", "..")).toAbsolutePath().normalize();
  }

  static Path interop() {
    return repo().resolve("interop");
  }

  static Path clients() {
    return interop().resolve("clients");
  }

  static Path serverJar() {
    return Path.of(System.getProperty("ctlsock.server.jar",
        repo().resolve("server/target/ctlsock-server.jar").toString())).toAbsolutePath();
  }
}
