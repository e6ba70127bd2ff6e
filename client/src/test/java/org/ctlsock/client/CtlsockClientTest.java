package org.ctlsock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client against a real server process: results, errors, keep-alive, timeouts, threads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlsockClientTest {
  private ServerProcess server;

  @BeforeAll
  void startServer() throws Exception {
    server = ServerProcess.start();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private CtlsockClient connect() throws CtlsockException {
    return CtlsockClient.connect(server.socket());
  }

  @Test
  void callSendsArgumentsAsJsonArrayAndReadsJsonResult() throws Exception {
    try (CtlsockClient client = connect()) {
      Response response = client.call("echo", "a", 1, true, null, List.of(2.5, "x"),
          Map.of("k", "v"));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.isJson()).as("content type %s", response.contentType()).isTrue();
      assertThat(response.json()).isEqualTo(Json.MAPPER.readTree(
          "[\"a\",1,true,null,[2.5,\"x\"],{\"k\":\"v\"}]"));
      assertThat(response.json(List.class)).hasSize(6);
    }
  }

  @Test
  void getRunsTheCommandWithNoArguments() throws Exception {
    try (CtlsockClient client = connect()) {
      assertThat(client.get("echo").json()).isEqualTo(Json.MAPPER.readTree("[]"));
      assertThat(client.call("echo").json()).isEqualTo(Json.MAPPER.readTree("[]"));
    }
  }

  @Test
  void textResultIsTheStringsUtf8BytesExactly() throws Exception {
    String text = "héllo ✓ 𝄞 \u0000 end";
    try (CtlsockClient client = connect()) {
      Response response = client.call("text", text);
      assertThat(response.mediaType()).isEqualTo("text/plain");
      assertThat(response.contentType().toLowerCase()).contains("charset=utf-8");
      assertThat(response.body()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      assertThat(response.text()).isEqualTo(text);
    }
  }

  @Test
  void nothingAnswersSuccess() throws Exception {
    try (CtlsockClient client = connect()) {
      assertThat(client.get("nothing").text()).isEqualTo("Success");
    }
  }

  @Test
  void structuredValueIsJson() throws Exception {
    try (CtlsockClient client = connect()) {
      Response response = client.call("value", Map.of("n", 9007199254740991L));
      assertThat(response.isJson()).isTrue();
      JsonNode node = response.json();
      assertThat(node.get("n").asLong()).isEqualTo(9007199254740991L);
    }
  }

  @Test
  void failingCommandThrowsWithTracebackAndLeavesConnectionUsable() throws Exception {
    try (CtlsockClient client = connect()) {
      CommandFailedException e = catchThrowableOfType(CommandFailedException.class,
          () -> client.call("fail", "the-disk-is-full"));
      assertThat(e).as("fail must throw CommandFailedException").isNotNull();
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.command()).isEqualTo("fail");
      assertThat(e.traceback()).contains("the-disk-is-full");
      assertThat(e.getMessage()).contains("500").contains("fail");
      assertThat(client.call("echo", 1).text()).isEqualTo("[1]");
      assertThat(client.connectionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void unknownCommandIs404() throws Exception {
    try (CtlsockClient client = connect()) {
      UnknownCommandException e = catchThrowableOfType(UnknownCommandException.class,
          () -> client.call("no-such-command"));
      assertThat(e).isNotNull();
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.response().text()).contains("no-such-command");
    }
  }

  /**
   * A POST with a body to an unknown command, each on a fresh connection: the server may answer
   * 404 from the head alone and close. The client must report the 404 every time, never lose it
   * to a broken pipe (it did while it sent "Expect: 100-continue": HttpCore then wrote the body
   * into the closed connection).
   */
  @Test
  void earlyAnswerToAPostIsNeverLost() throws Exception {
    for (int i = 0; i < 25; i++) {
      try (CtlsockClient client = connect()) {
        assertThatThrownBy(() -> client.call("no-such-command", "x".repeat(100)))
            .as("attempt %d", i).isInstanceOf(UnknownCommandException.class);
      }
    }
  }

  @Test
  void namesOutsideTheCommandAlphabetArePercentEncodedAndAnswered404() throws Exception {
    try (CtlsockClient client = connect()) {
      assertThatThrownBy(() -> client.get("a b/ü")).isInstanceOf(StatusException.class)
          .satisfies(e -> assertThat(((StatusException) e).status()).isIn(400, 404));
      assertThat(client.get("echo").text()).isEqualTo("[]");
    }
  }

  @Test
  void getOnPostOnlyCommandIs405WithAllow() throws Exception {
    try (CtlsockClient client = connect()) {
      MethodNotAllowedException e = catchThrowableOfType(MethodNotAllowedException.class,
          () -> client.get("echo-post"));
      assertThat(e).isNotNull();
      assertThat(e.allowedMethods()).contains("POST").doesNotContain("GET");
      assertThat(client.call("echo-post", "x").text()).isEqualTo("[\"x\"]");
    }
  }

  @Test
  void bodyThatIsNotAnArrayIs400AndMapsToBadRequest() throws Exception {
    try (CtlsockClient client = connect()) {
      Response response = client.send("POST", "echo", "{\"not\":\"array\"}".getBytes(
          StandardCharsets.UTF_8));
      assertThat(response.status()).isEqualTo(400);
      assertThat(StatusException.of("echo", response)).isInstanceOf(BadRequestException.class);
      assertThat(response.text()).isNotBlank();
    }
  }

  @Test
  void headGivesHeadersWithoutBodyAndTheConnectionGoesOn() throws Exception {
    try (CtlsockClient client = connect()) {
      Response head = client.send("HEAD", "echo", null);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.isJson()).as("HEAD has GET's content type, %s", head.contentType()).isTrue();
      assertThat(head.body()).isEmpty();
      assertThat(client.call("echo", "after-head").text()).isEqualTo("[\"after-head\"]");
      assertThat(client.connectionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void listArgumentsAndRecordsAreMappedByJackson() throws Exception {
    record Point(int x, int y) {}
    try (CtlsockClient client = connect()) {
      assertThat(client.callWith("echo", List.of(new Point(1, 2), "z")).json())
          .isEqualTo(Json.MAPPER.readTree("[{\"x\":1,\"y\":2},\"z\"]"));
    }
  }

  @Test
  void manyCallsReuseOneConnection() throws Exception {
    try (CtlsockClient client = connect()) {
      for (int i = 0; i < 50; i++) {
        assertThat(client.call("echo", i).text()).isEqualTo("[" + i + "]");
      }
      assertThat(client.connectionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void readTimeoutThrowsAndTheNextCallReconnects() throws Exception {
    try (CtlsockClient client = CtlsockClient.builder(server.socket())
        .readTimeout(Duration.ofMillis(300)).connect()) {
      assertThatThrownBy(() -> client.call("sleep", 5000))
          .isInstanceOf(CtlsockTimeoutException.class)
          .hasMessageContaining("no response within");
      assertThat(client.get("nothing").text()).isEqualTo("Success");
      assertThat(client.connectionsOpened()).isEqualTo(2);
    }
  }

  @Test
  void oneClientSharedByThreadsGivesEachThreadItsOwnResult() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (CtlsockClient client = connect()) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> client.call("echo", "t" + n).text()));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo("[\"t" + i + "\"]");
      }
      assertThat(client.connectionsOpened()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void callsAfterCloseAreRefused() throws Exception {
    CtlsockClient client = connect();
    client.close();
    assertThatThrownBy(() -> client.get("echo")).isInstanceOf(IllegalStateException.class);
  }
}
