package org.ctlsock.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One real client program and how to run its script (a file under {@code interop/clients/})
 * against a server. {@link #command} checks that the program is installed (skipping, or failing
 * under CI, when it is not) and prepares anything built once per suite run.
 */
interface InteropClient {
  /** Short name for reports, e.g. {@code node}. */
  String name();

  /** Its script's file name under interop/clients/. */
  String scriptFile();

  /** The calls its script makes (names in {@link CallExpectation#ALL}). */
  List<String> calls();

  /**
   * What its CONNECTIONS line counts: {@code all} (every call of the script on one connection:
   * expected 1) or {@code keepalive} (new connections during the three keep-alive calls: at most 1).
   */
  String connectionScope();

  /** The command line that runs the script against {@code server}. */
  List<String> command(RunningServer server, SuiteResources resources) throws Exception;

  /** Extra environment for the script. */
  default Map<String, String> environment() {
    return Map.of();
  }
}
