package org.ctlsock.bench.suite;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ctlsock.bench.http.HttpRequestTemplate;

/**
 * A request the benchmark sends in a loop, and the answer body a correct server gives.
 *
 * @param id its name on the command line
 * @param method the method
 * @param path the command
 * @param body the arguments, or null
 * @param expectedBody the answer of a conforming server (spec 8.1.1)
 */
public record Scenario(String id, String method, String path, String body, String expectedBody) {

    public static final List<Scenario> ALL = List.of(
            new Scenario("get-echo", "GET", "/echo", null, "[]"),
            new Scenario("post-echo", "POST", "/echo", "[\"a\",1]", "[\"a\",1]"));

    public String title() {
        return method + " " + path + (body == null ? "" : " " + body);
    }

    HttpRequestTemplate request(boolean closeConnection) {
        return HttpRequestTemplate.of(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                List.of(), closeConnection);
    }
}
