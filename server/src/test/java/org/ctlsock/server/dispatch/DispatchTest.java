package org.ctlsock.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ctlsock.server.Command;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.TracebackPolicy;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec sections 5, 6 and 8.1 through a real socket: names, methods, arguments, results, errors. */
class DispatchTest {
  @TempDir static Path dir;
  static Path sock;
  static CtlsockServer server;

  @BeforeAll
  static void start() throws Exception {
    sock = dir.resolve("d.sock");
    server =
        TestServers.start(
            sock,
            b -> b.command(Command.of("pojo", (args, ctx) -> java.util.Map.of("k", java.util.List.of(1, true))))
                .command(Command.of("number", (args, ctx) -> 42))
                .command(Command.of("deep-failure", (args, ctx) -> { throw new IllegalStateException("outer", new RuntimeException("inner cause")); })));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse post(String command, String body) throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      c.send("POST " + command + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + bytes.length + "\r\n\r\n");
      c.send(bytes);
      return c.read();
    }
  }

  static HttpResponse request(String method, String target) throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      return c.exchange(method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }

  @Test
  void percentEncodedNames_areDecoded_5_1_1() throws Exception {
    assertThat(post("/%65cho", "[1]").text()).isEqualTo("[1]");
    assertThat(post("/echo%2Dpost", "[2]").text()).isEqualTo("[2]");
  }

  @Test
  void theQueryIsNotPartOfTheName_5_1_2() throws Exception {
    assertThat(request("GET", "/echo?x=1&args=[1]").text()).isEqualTo("[]");
  }

  @Test
  void invalidNames_are404_andBadEncodings400_5_1_4() throws Exception {
    for (String target : new String[] {"/", "/a/b", "/..", "/.hidden", "/echo%00", "/echo%2Fx", "/" + "a".repeat(65), "/%2e%2e", "*", "/ech%C3%B6"}) {
      HttpResponse r = request("GET", target);
      assertThat(r.status()).as("GET %s: %s", target, r).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
    }
    for (String target : new String[] {"/ec%zzho", "/echo%", "/%ff", "/%c3%28", "/%ed%a0%80"}) {
      assertThat(request("GET", target).status()).as("GET %s", target).isEqualTo(400);
    }
    assertThat(request("GET", "/" + "a".repeat(64)).status()).as("64 characters is a valid (unknown) name").isEqualTo(404);
  }

  @Test
  void unknownCommand_is404NamingIt_5_2_6_6_3_1() throws Exception {
    HttpResponse r = post("/listtabs", "[1]");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).contains("listtabs");
  }

  @Test
  void postOnlyCommand_answers405WithAllow_5_2_4() throws Exception {
    for (String method : new String[] {"GET", "HEAD"}) {
      HttpResponse r = request(method, "/echo-post");
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("POST");
    }
    assertThat(post("/echo-post", "[1]").text()).isEqualTo("[1]");
  }

  @Test
  void otherMethods_answer405WithAllow_5_2_5() throws Exception {
    for (String method : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "FROBNICATE", "get"}) {
      HttpResponse r = request(method, "/echo");
      assertThat(r.status()).as(method).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, POST");
      assertThat(r.text()).isNotBlank();
    }
  }

  @Test
  void emptyPostBody_isNoArguments_5_3_1() throws Exception {
    assertThat(post("/echo", "").text()).isEqualTo("[]");
  }

  @Test
  void argumentsReachTheCommandUnchanged_5_3_2() throws Exception {
    String body = "[\"a\\u0000b\",\"\\ud83d\\ude00\",\"é\",[1,[2,{}]],{\"k\":null},true,false,null,0,-1]";
    assertThat(post("/echo", body).text()).isEqualTo("[\"a\\u0000b\",\"\uD83D\uDE00\",\"é\",[1,[2,{}]],{\"k\":null},true,false,null,0,-1]");
  }

  @Test
  void numbersKeepTheirExactValue_andHugeOnesNever5xx_5_3_3() throws Exception {
    assertThat(post("/echo", "[9007199254740991,-9007199254740991,0.1,1.7976931348623157E308,4.9E-324,-0.0]").text())
        .isEqualTo("[9007199254740991,-9007199254740991,0.1,1.7976931348623157E308,4.9E-324,-0.0]");
    HttpResponse huge = post("/echo", "[123456789012345678901234567890,1e400,-1e400,1e-400]");
    assertThat(huge.status()).isEqualTo(200);
    assertThat(huge.text()).isEqualTo("[123456789012345678901234567890,1E+400,-1E+400,0.0]");
  }

  @Test
  void bodiesThatAreNotAUtf8JsonArray_are400_5_3_4() throws Exception {
    for (String body : new String[] {"\"abc\"", "{\"k\":1}", "1", "[1", "[1]]", "[1] [2]", "nope", " ", "[1,]", "['a']", "[NaN]"}) {
      HttpResponse r = post("/echo", body);
      assertThat(r.status()).as("body %s", body).isEqualTo(400);
      assertThat(r.text()).isNotBlank();
    }
    try (RawConnection c = RawConnection.open(sock)) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
      c.send(new byte[] {'[', '"', (byte) 0xff, '"', ']'});
      assertThat(c.read().status()).as("invalid UTF-8").isEqualTo(400);
    }
    try (RawConnection c = RawConnection.open(sock)) {
      byte[] utf16 = "[1]".getBytes(StandardCharsets.UTF_16LE);
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + utf16.length + "\r\n\r\n");
      c.send(utf16);
      assertThat(c.read().status()).as("UTF-16").isEqualTo(400);
    }
  }

  @Test
  void contentTypeIsIgnored_5_3_5() throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      for (String type : new String[] {"application/x-www-form-urlencoded", "application/json", "text/plain", "image/png"}) {
        HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: " + type + "\r\nContent-Length: 5\r\n\r\n[\"t\"]");
        assertThat(r.text()).as(type).isEqualTo("[\"t\"]");
      }
    }
  }

  @Test
  void nestingTo32Levels_isAccepted_deeperIs400Never5xx_5_3_6() throws Exception {
    assertThat(post("/echo", "[".repeat(32) + "]".repeat(32)).status()).isEqualTo(200);
    String deepObjects = "[" + "{\"k\":".repeat(31) + "1" + "}".repeat(31) + "]";
    assertThat(post("/echo", deepObjects).status()).isEqualTo(200);
    HttpResponse deep = post("/echo", "[".repeat(100_000) + "]".repeat(100_000));
    assertThat(deep.status()).isEqualTo(400);
  }

  @Test
  void stringResult_isTextPlainVerbatim_6_1_1() throws Exception {
    HttpResponse r = post("/text", "[\"line\\nnext \\\"quoted\\\" é\"]");
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text()).isEqualTo("line\nnext \"quoted\" é");
    assertThat(request("GET", "/text").text()).isEmpty();
  }

  @Test
  void structuredResult_isApplicationJson_6_1_2() throws Exception {
    HttpResponse r = post("/value", "[{\"a\":[1,2]}]");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.text()).isEqualTo("{\"a\":[1,2]}");
    assertThat(post("/value", "[3.5]").text()).isEqualTo("3.5");
    assertThat(post("/value", "[true]").text()).isEqualTo("true");
    assertThat(request("GET", "/number").text()).isEqualTo("42");
    assertThat(request("GET", "/pojo").text()).isEqualTo("{\"k\":[1,true]}");
  }

  @Test
  void nothing_isSuccess_6_1_3() throws Exception {
    for (HttpResponse r : new HttpResponse[] {request("GET", "/nothing"), post("/value", "[null]"), post("/value", ""), post("/sleep", "[0]")}) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.text()).isEqualTo("Success");
    }
  }

  @Test
  void failingCommand_is500WithTheTraceback_6_2_1_6_2_2() throws Exception {
    HttpResponse r = post("/fail", "[\"the message ü\"]");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text()).contains("the message ü").contains("CommandException").contains("\tat ");
    assertThat(request("GET", "/fail").text()).contains("fail called");
    HttpResponse chained = request("GET", "/deep-failure");
    assertThat(chained.text()).contains("IllegalStateException: outer").contains("Caused by: java.lang.RuntimeException: inner cause");
    assertThat(chained.text()).as("the server's own frames are cut").doesNotContain("ConnectionHandler");
  }

  @Test
  void failingCommand_leavesTheConnectionUsable_6_2_3() throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      assertThat(c.exchange("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(500);
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[]");
    }
  }

  @Test
  void textWithANonStringArgument_fails500_8_1_4() throws Exception {
    assertThat(post("/text", "[1]").status()).isEqualTo(500);
  }

  @Test
  void sleepWithABadArgument_fails500NotHangs_8_1_6() throws Exception {
    assertThat(post("/sleep", "[\"x\"]").status()).isEqualTo(500);
    assertThat(post("/sleep", "[60001]").status()).isEqualTo(500);
  }

  @Test
  void whoami_reportsTheKernelsCredentialsNotHeaders_9_3_1_9_3_2() throws Exception {
    try (RawConnection c = RawConnection.open(sock)) {
      HttpResponse r = c.exchange("GET /whoami?uid=12345 HTTP/1.1\r\nHost: x\r\nX-Uid: 12345\r\n\r\n");
      long pid = ProcessHandle.current().pid();
      assertThat(r.text()).matches("\\{\"uid\":\\d+,\"gid\":\\d+,\"pid\":" + pid + "\\}").doesNotContain("12345");
    }
  }

  @Test
  void queryArguments_whenClaimed_9_5_1() throws Exception {
    Path other = dir.resolve("qa.sock");
    try (CtlsockServer s = TestServers.start(other, b -> b.queryArguments(true)); RawConnection c = RawConnection.open(other)) {
      assertThat(c.exchange("GET /echo?x=1&args=%5B%22a+b%22%2C1%5D&y HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[\"a b\",1]");
      assertThat(c.exchange("GET /echo?args=[1,2] HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[1,2]");
      assertThat(c.exchange("GET /echo?args=%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n").status()).as("not an array").isEqualTo(400);
      assertThat(c.exchange("GET /echo?args=%zz HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
      assertThat(c.exchange("GET /fail?args=%5B%5D&args=%5B1%5D HTTP/1.1\r\nHost: x\r\n\r\n").status()).as("two args (9.5.2)").isEqualTo(400);
      assertThat(c.exchange("GET /echo?other=1 HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("[]");
    }
  }

  @Test
  void queryArguments_areIgnoredWhenNotClaimed_5_1_2() throws Exception {
    assertThat(request("GET", "/echo?args=%5B1%5D").text()).isEqualTo("[]");
  }

  @Test
  void tracebackPolicy_typeAndMessageOnly_6_2_2() throws Exception {
    Path other = dir.resolve("tb.sock");
    try (CtlsockServer s = TestServers.start(other, b -> b.tracebacks(TracebackPolicy.TYPE_AND_MESSAGE));
        RawConnection c = RawConnection.open(other)) {
      HttpResponse r = c.exchange("POST /fail HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[\"why\"]");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.text()).isEqualTo("org.ctlsock.server.CommandException: why\n");
    }
  }

  @Test
  void allowList_refusesOtherPeersWith403BeforeTheCommandRuns_9_3_3() throws Exception {
    Path listed = dir.resolve("al.sock");
    long myUid = uid();
    try (CtlsockServer s = TestServers.start(listed, b -> b.allowUid(myUid + 1).allowGid(4242424));
        RawConnection c = RawConnection.open(listed)) {
      HttpResponse r = c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.text()).isNotBlank();
    }
    try (CtlsockServer s = TestServers.start(listed, b -> b.allowUid(myUid + 1).allowUid(myUid));
        RawConnection c = RawConnection.open(listed)) {
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
    }
  }

  @Test
  void allowList_answersARefusedPeer403AtAccept_withoutARequest_andCloses_9_3_4() throws Exception {
    Path listed = dir.resolve("al2.sock");
    long myUid = uid();
    try (CtlsockServer s = TestServers.start(listed, b -> b.allowUid(myUid + 1));
        RawConnection c = RawConnection.open(listed)) {
      HttpResponse r = c.read(); // nothing sent: the answer comes at accept
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(c.closedByServer()).as("closed after the 403").isTrue();
      assertThat(org.ctlsock.server.testing.Deadline.await(java.time.Duration.ofSeconds(10), () -> s.connectionCount() == 0))
          .as("the server holds no connection for the refused peer").isTrue();
    }
  }

  private static long uid() throws Exception {
    return ((Number) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
  }
}
