package org.ctlsock.interop;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client script's standard output, parsed. Lines are {@code CALL name status content-type
 * base64-body} (content type without spaces, {@code -} when absent) and {@code CONNECTIONS scope n}.
 */
final class ClientOutput {
  final Map<String, ObservedCall> calls = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  String connectionScope;
  Integer connections;

  static ClientOutput parse(String stdout) {
    ClientOutput output = new ClientOutput();
    for (String line : stdout.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.strip().split(" ", -1);
      try {
        if (f[0].equals("CALL") && (f.length == 5 || f.length == 4)) {
          byte[] body = f.length == 5 ? Base64.getDecoder().decode(f[4]) : new byte[0];
          String type = f[3].equals("-") ? "" : f[3];
          ObservedCall call = new ObservedCall(f[1], Integer.parseInt(f[2]), type, body);
          if (output.calls.putIfAbsent(call.name(), call) != null) {
            output.problems.add("call printed twice: " + call.name());
          }
        } else if (f[0].equals("CONNECTIONS") && f.length == 3) {
          output.connectionScope = f[1];
          output.connections = Integer.parseInt(f[2]);
        } else {
          output.problems.add("unrecognised line: " + abbreviate(line));
        }
      } catch (IllegalArgumentException e) {
        output.problems.add("malformed line (" + e.getMessage() + "): " + abbreviate(line));
      }
    }
    return output;
  }

  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
