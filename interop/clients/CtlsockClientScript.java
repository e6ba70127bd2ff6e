// The interop script for the Java client (ctlsock-client). Usage: java -cp CLASSPATH CtlsockClientScript.java SOCKET
// Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.ctlsock.client.CtlsockClient;
import org.ctlsock.client.Response;
import org.ctlsock.client.StatusException;

public class CtlsockClientScript {
  interface Call {
    Response run() throws Exception;
  }

  // [snippet java-ctlsock-client]
  static void report(String name, Call call) throws Exception {
    Response response;
    try {
      response = call.run();
    } catch (StatusException e) {  // 4xx/5xx arrive as exceptions that keep the response
      response = e.response();
    }
    System.out.println("CALL " + name + " " + response.status() + " "
        + (response.contentType().isEmpty() ? "-" : response.contentType().replace(" ", "")) + " "
        + Base64.getEncoder().encodeToString(response.body()));
  }

  public static void main(String[] args) throws Exception {
    try (CtlsockClient client = CtlsockClient.connect(Path.of(args[0]))) {
      report("get-echo", () -> client.get("echo"));
      report("post-echo", () -> client.call("echo", "a", 1));
      report("text-utf8", () -> client.call("text", "héllo wörld ✓ 𝄞 日本"));
      report("value-json", () -> client.call("value",
          Map.of("k", java.util.Arrays.asList(1, 2.5, true, null), "s", "ü")));
      report("nothing", () -> client.get("nothing"));
      report("fail", () -> client.call("fail", "boom-interop"));
      report("unknown", () -> client.get("no-such-command"));
      report("method-not-allowed", () -> client.get("echo-post"));
      report("head-echo", () -> client.send("HEAD", "echo", null)); // any status, no exception
      for (int i = 1; i <= 3; i++) {
        int n = i;
        report("keepalive-" + i, () -> client.callWith("echo", List.of(n)));
      }
      System.out.println("CONNECTIONS all " + client.connectionsOpened());
    }
  }
  // [/snippet]
}
