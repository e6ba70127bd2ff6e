// The interop script for Apache HttpClient 5.6 over a Unix socket. Usage: java -cp CLASSPATH HttpClient5Script.java SOCKET
// Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

public class HttpClient5Script {
  static CloseableHttpClient client;

  // [snippet java-httpclient5]
  static void call(String name, HttpUriRequestBase request) throws Exception {
    call(client, name, request);
  }

  static void call(CloseableHttpClient client, String name, HttpUriRequestBase request)
      throws Exception {
    client.execute(request, response -> {
      byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
      String type = response.getFirstHeader("Content-Type") == null ? "-"
          : response.getFirstHeader("Content-Type").getValue().replace(" ", "");
      System.out.println("CALL " + name + " " + response.getCode() + " " + type + " "
          + Base64.getEncoder().encodeToString(body));
      return null;
    });
  }

  static HttpPost post(String path, String json) {
    HttpPost post = new HttpPost("http://localhost" + path);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }

  public static void main(String[] args) throws Exception {
    // 5.6 connects to the socket named in the RequestConfig; the URL's host is only the Host field.
    RequestConfig config = RequestConfig.custom().setUnixDomainSocket(Path.of(args[0])).build();
    AtomicInteger connections = new AtomicInteger();
    PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setConnectionFactory(socket -> {  // counts the connections the pool opens
          connections.incrementAndGet();
          return ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket);
        })
        .build();
    try (CloseableHttpClient built = HttpClients.custom()
        .setDefaultRequestConfig(config).setConnectionManager(pool).build()) {
      client = built;
      call("get-echo", new HttpGet("http://localhost/echo"));
      call("post-echo", post("/echo", "[\"a\",1]"));
      call("text-utf8", post("/text", "[\"héllo wörld ✓ 𝄞 日本\"]"));
      call("value-json", post("/value", "[{\"k\":[1,2.5,true,null],\"s\":\"ü\"}]"));
      call("nothing", new HttpGet("http://localhost/nothing"));
      call("fail", post("/fail", "[\"boom-interop\"]"));
      call("unknown", new HttpGet("http://localhost/no-such-command"));
      call("method-not-allowed", new HttpGet("http://localhost/echo-post"));
      call("head-echo", new HttpHead("http://localhost/echo"));
      // An entity of unknown length (-1) goes chunked.
      HttpPost chunked = new HttpPost("http://localhost/echo");
      chunked.setEntity(new InputStreamEntity(new SequenceInputStream(
          new ByteArrayInputStream("[\"chun".getBytes(StandardCharsets.UTF_8)),
          new ByteArrayInputStream("ked\",2]".getBytes(StandardCharsets.UTF_8))),
          -1, ContentType.APPLICATION_JSON));
      call("chunked", chunked);
      for (int i = 1; i <= 3; i++) {
        call("keepalive-" + i, post("/echo", "[" + i + "]"));
      }
      System.out.println("CONNECTIONS all " + connections.get());
    }
    // With Expect: 100-continue a server may answer 404 from the head alone. HttpClient then still
    // writes the (small) body; if the server has already closed, the 404 is lost to an IOException,
    // printed as status 0.
    RequestConfig expecting = RequestConfig.copy(config).setExpectContinueEnabled(true).build();
    try (CloseableHttpClient expectClient = HttpClients.custom()
        .setDefaultRequestConfig(expecting).build()) {
      try {
        call(expectClient, "expect-unknown", post("/no-such-command", "[\"" + "x".repeat(100) + "\"]"));
      } catch (java.io.IOException e) {
        System.out.println("CALL expect-unknown 0 - " + Base64.getEncoder().encodeToString(
            e.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
  // [/snippet]
}
