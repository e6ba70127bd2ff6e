package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/** Spec 9.5: {@code GET /cmd?args=J} runs {@code cmd} with the elements of the JSON array {@code J}. */
@ConformanceTest
class Section9_5_QueryArgumentsTest {

    private static String args(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    @Clause("9.5.1")
    void argsInTheQueryAreTheArguments(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        String json = "[1,\"a b\",{\"k\":[true,null]},\"é/?&=\"]";
        try (RawConnection c = target.connect("GET with ?args=")) {
            HttpResponse byQuery = c.exchange(Request.get("/echo?args=" + args(json)));
            HttpResponse byBody = c.exchange(Request.post("/echo", json));
            assertThat(byQuery.status()).as("status of GET /echo?args=%s", json).isEqualTo(200);
            assertThat(JsonValues.sameValue(JsonValues.parse(byQuery.body()), JsonValues.parse(json)))
                    .as("GET /echo?args=%s answers the arguments %s (got %s)", json, json, byQuery.bodyText()).isTrue();
            assertThat(byQuery.bodyText()).as("GET with ?args= answers as POST with that body").isEqualTo(
                    byBody.bodyText());
            HttpResponse text = c.exchange(Request.get("/text?args=" + args("[\"plain\"]")));
            assertThat(text.bodyText()).as("GET /text?args=[\"plain\"] runs text with \"plain\"").isEqualTo("plain");
        }
    }

    @Test
    @Clause("9.5.1")
    void otherQueryParametersAreIgnored(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        HttpResponse r = target.get("/echo?x=1&args=" + args("[2]") + "&y=z");
        assertThat(r.status()).as("status of GET /echo?x=1&args=[2]&y=z").isEqualTo(200);
        assertThat(r.bodyText()).as("body of GET /echo?x=1&args=[2]&y=z").isEqualTo("[2]");
        HttpResponse none = target.get("/echo?x=1");
        assertThat(none.bodyText()).as("body of GET /echo?x=1 (no args parameter: no arguments)").isEqualTo("[]");
    }

    @Test
    @Clause("9.5.1")
    void argsThatAreNotAJsonArrayAre400(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        for (String bad : List.of("{}", "1", "\"a\"", "not-json", "[1,")) {
            HttpResponse r = target.get("/echo?args=" + args(bad));
            assertThat(r.status()).as("status of GET /echo?args=%s (not a JSON array)", bad).isEqualTo(400);
        }
    }

    @Test
    @Clause("9.5.2")
    void plusInArgsIsASpace(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        HttpResponse plus = target.get("/echo?args=%5B%22a+b%22%5D");
        assertThat(plus.status()).as("status of GET /echo?args=%5B%22a+b%22%5D").isEqualTo(200);
        assertThat(JsonValues.sameValue(JsonValues.parse(plus.body()), JsonValues.parse("[\"a b\"]")))
                .as("GET /echo?args=%%5B%%22a+b%%22%%5D answers [\"a b\"] (+ is a space), Actual %s", plus.bodyText())
                .isTrue();
        HttpResponse encoded = target.get("/echo?args=%5B%22a%2Bb%22%5D");
        assertThat(JsonValues.sameValue(JsonValues.parse(encoded.body()), JsonValues.parse("[\"a+b\"]")))
                .as("GET /echo?args=%%5B%%22a%%2Bb%%22%%5D answers [\"a+b\"] (%%2B is a plus sign), Actual %s",
                        encoded.bodyText()).isTrue();
        HttpResponse number = target.get("/echo?args=%5B1e%2B2%5D");
        assertThat(number.status()).as("status of GET /echo?args=[1e+2] with the plus sign encoded").isEqualTo(200);
    }

    @Test
    @Clause("9.5.2")
    void emptyArgsIsNoArguments(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        for (String query : List.of("?args=", "?args", "?x=1&args=")) {
            HttpResponse r = target.get("/echo" + query);
            assertThat(r.status()).as("status of GET /echo%s", query).isEqualTo(200);
            assertThat(r.bodyText()).as("GET /echo%s runs echo with no arguments", query).isEqualTo("[]");
        }
    }

    @Test
    @Clause("9.5.2")
    void severalArgsAre400(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        String query = "?args=" + args("[\"first\"]") + "&args=" + args("[\"second\"]");
        HttpResponse r = target.get("/fail" + query);
        assertThat(r.status()).as("status of GET /fail%s (two args parameters; 500 would mean fail ran)", query)
                .isEqualTo(400);
    }

    @Test
    @Clause("9.5.2")
    void headTakesTheQueryAndPostTheBody(TargetSession target) throws IOException {
        target.requireCapability(Capability.QUERY_ARGS);
        try (RawConnection c = target.connect("HEAD and POST with ?args=")) {
            HttpResponse get = c.exchange(Request.get("/echo?args=" + args("[\"by query\"]")));
            HttpResponse head = c.exchange(Request.head("/echo?args=" + args("[\"by query\"]")));
            assertThat(head.status()).as("status of HEAD /echo?args=[\"by query\"]").isEqualTo(get.status());
            assertThat(head.header("Content-Length")).as("Content-Length of HEAD /echo?args=[\"by query\"], as GET's")
                    .isEqualTo(get.header("Content-Length"));
            HttpResponse post = c.exchange(Request.post("/echo?args=" + args("[\"query\"]"), "[\"body\"]"));
            assertThat(post.bodyText()).as("POST /echo?args=[\"query\"] with the body [\"body\"] takes the body")
                    .isEqualTo("[\"body\"]");
            HttpResponse empty = c.exchange(Request.post("/echo?args=" + args("[\"query\"]"), ""));
            assertThat(empty.bodyText()).as("POST /echo?args=[\"query\"] with an empty body runs with no arguments")
                    .isEqualTo("[]");
        }
    }
}
