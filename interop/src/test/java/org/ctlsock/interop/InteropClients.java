package org.ctlsock.interop;

import static org.ctlsock.interop.CallExpectation.baseCallsPlus;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The clients of the suite, each a script under interop/clients/. */
final class InteropClients {
  private InteropClients() {}

  static List<InteropClient> all() {
    return List.of(curl(), curlThroughNginx(), requestsUnixsocket(), httpClientPython(), node(),
        go(), javaCtlsockClient(), javaHttpClient5());
  }

  /** The files under interop/clients/ that the clients above run (ReadmeSnippetsTest checks). */
  static Set<String> scriptFiles() {
    return all().stream().map(InteropClient::scriptFile).collect(Collectors.toSet());
  }

  private static List<String> curlCalls() {
    return baseCallsPlus("post-form", "percent-name", "query-ignored", "http10", "chunked",
        "expect-continue", "expect-unknown", "large-echo");
  }

  static InteropClient curl() {
    return client("curl", "curl.sh", curlCalls(), "keepalive", (server, resources, script) ->
        List.of(bash(), script.toString(), curlOnPath(server.socket().toString())));
  }

  static InteropClient curlThroughNginx() {
    return client("curl-via-nginx", "curl.sh", curlCalls(), "keepalive",
        (server, resources, script) -> List.of(bash(), script.toString(), "--tcp",
            curlOnPath(resources.nginxFor(server).baseUrl())));
  }

  static InteropClient requestsUnixsocket() {
    return client("python-requests-unixsocket", "requests_unixsocket_client.py",
        baseCallsPlus("chunked"), "keepalive", (server, resources, script) -> List.of(
            resources.pythonWith("requests_unixsocket", "python3-requests-unixsocket").toString(),
            script.toString(), server.socket().toString()));
  }

  static InteropClient httpClientPython() {
    return client("python-http.client", "http_client.py",
        baseCallsPlus("head-echo", "percent-name", "query-ignored", "chunked"), "all",
        (server, resources, script) -> List.of(
            resources.pythonWith("http.client", "python3").toString(),
            script.toString(), server.socket().toString()));
  }

  static InteropClient node() {
    return client("node", "node_client.js", baseCallsPlus("head-echo", "percent-name", "chunked"),
        "all", (server, resources, script) -> List.of(
            Requirements.program("node", "the Node.js client (Debian: nodejs)").toString(),
            script.toString(), server.socket().toString()));
  }

  static InteropClient go() {
    return client("go", "go_client.go", baseCallsPlus("head-echo", "chunked", "large-echo"), "all",
        (server, resources, script) -> List.of(
            resources.goClient(script).toString(), server.socket().toString()));
  }

  static InteropClient javaCtlsockClient() {
    return client("java-ctlsock-client", "CtlsockClientScript.java", baseCallsPlus("head-echo"),
        "all", (server, resources, script) -> resources.javaScript(script, server.socket()));
  }

  static InteropClient javaHttpClient5() {
    return client("java-httpclient5", "HttpClient5Script.java",
        baseCallsPlus("head-echo", "chunked", "expect-unknown"), "all",
        (server, resources, script) -> resources.javaScript(script, server.socket()));
  }

  private static String bash() {
    return Requirements.program("bash", "runs the curl script").toString();
  }

  /** Checks that curl is installed; returns {@code argument} unchanged. */
  private static String curlOnPath(String argument) {
    Requirements.program("curl", "the curl client");
    return argument;
  }

  @FunctionalInterface
  interface CommandFactory {
    List<String> command(RunningServer server, SuiteResources resources, Path script)
        throws Exception;
  }

  private static InteropClient client(String name, String scriptFile, List<String> calls,
      String scope, CommandFactory factory) {
    return new InteropClient() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String scriptFile() {
        return scriptFile;
      }

      @Override
      public List<String> calls() {
        return calls;
      }

      @Override
      public String connectionScope() {
        return scope;
      }

      @Override
      public List<String> command(RunningServer server, SuiteResources resources) throws Exception {
        return factory.command(server, resources, Paths.clients().resolve(scriptFile));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
