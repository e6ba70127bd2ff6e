package org.ctlsock.interop;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.process.CommandTemplate;

/**
 * A server implementation under test: its name, its command template (spec 8.2.1) and the
 * programs it needs. {@code dir} is what {@code {dir}} stands for: the descriptor's directory.
 */
record ServerTarget(String name, String commandTemplate, Path dir, List<String> requires,
    Path descriptor) {

  /** The command line for {@code socket}: {@code {socket}} and {@code {dir}} filled in, no options. */
  List<String> command(Path socket) {
    // The interop suite tests no optional capability, so {options} becomes nothing.
    return CommandTemplate.parse(commandTemplate).expand(socket, dir);
  }

  @Override
  public String toString() {
    return name;
  }
}
