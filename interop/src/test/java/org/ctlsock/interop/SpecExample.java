package org.ctlsock.interop;

import java.util.List;

/**
 * One checked example of spec/11-examples.md: a fenced block and the {@code <!-- example: … -->}
 * comment before it, which says how to run it.
 *
 * @param title the heading the block is under (with its clause ids)
 * @param line the block's first line in the file, for failure messages
 * @param kind how to run it: {@code server} (curl against a running server), {@code shell} (bash
 *     in an empty directory, no server), {@code shell-with-server} (bash in the directory of a
 *     running server) or {@code raw} (bytes written to the socket)
 * @param serverOptions extra options for the server of a {@code server} or
 *     {@code shell-with-server} example (empty: the shared default server)
 * @param requires programs (or {@code root}) the example needs besides bash and curl
 * @param commands for a console block: each {@code $ } command and its expected output
 * @param rawLines for a raw block: its {@code > } and {@code < } lines, and {@code [closed]}
 */
record SpecExample(String title, int line, String kind, String serverOptions, List<String> requires,
    List<Command> commands, List<String> rawLines) {

  /** A command as the document shows it, and the output lines shown after it. */
  record Command(String text, List<String> expected) {}

  boolean isRaw() {
    return kind.equals("raw");
  }

  boolean needsServer() {
    return kind.equals("server") || kind.equals("shell-with-server") || kind.equals("raw");
  }

  String displayName() {
    return title + " (line " + line + ")";
  }
}
