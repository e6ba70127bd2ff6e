package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.target.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 5.1: the command name is the decoded path; query strings, absolute form, and what is no name. */
@ConformanceTest
class Section5_1_CommandNameTest {

    @ParameterizedTest(name = "[5.1.1] {0}")
    @ValueSource(strings = {"/%65cho", "/ech%6F", "/ech%6f", "/%65%63%68%6F", "/echo%2Dpost"})
    @Clause(id = "5.1.1", level = MUST)
    @Tag("clause-5.1.1") @Tag("MUST")
    void must_5_1_1_percentDecodesTheName(String path, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post(path, "[\"decoded\"]"));
        assertThat(r.status()).as("status of POST " + path + " (names " + (path.contains("%2D") ? "echo-post"
                : "echo") + " after percent-decoding)").isEqualTo(200);
        assertThat(r.bodyText()).as("body of POST " + path).isEqualTo("[\"decoded\"]");
    }

    @ParameterizedTest(name = "[5.1.2] {0}")
    @ValueSource(strings = {"/echo?x=1", "/echo?", "/echo?args=%5B%22q%22%5D&y", "/echo?%zz"})
    @Clause(id = "5.1.2", level = MUST)
    @Tag("clause-5.1.2") @Tag("MUST")
    void must_5_1_2_queryIsNotPartOfTheName(String path, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post(path, "[\"body\"]"));
        assertThat(r.status()).as("status of POST " + path).isEqualTo(200);
        assertThat(r.bodyText()).as("body of POST " + path + ": the arguments come from the body").isEqualTo(
                "[\"body\"]");
    }

    @Test
    @Clause(id = "5.1.2", level = MUST)
    @Tag("clause-5.1.2") @Tag("MUST")
    void must_5_1_2_ignoresTheQueryWithoutQueryArgs(TargetSession target) throws IOException {
        if (target.claims(Capability.QUERY_ARGS)) {
            throw new org.ctlsock.conformance.NotApplicable("the target claims query-args, so GET ?args= carries "
                    + "arguments (clause 9.5.1)");
        }
        HttpResponse r = target.get("/echo?args=%5B1%5D");
        assertThat(r.status()).as("status of GET /echo?args=[1] without query-args").isEqualTo(200);
        assertThat(r.bodyText()).as("body: the query is ignored, so no arguments").isEqualTo("[]");
    }

    @ParameterizedTest(name = "[5.1.3] {0}")
    @ValueSource(strings = {"http://x/echo", "http://localhost:80/echo", "http://localhost/echo?x=1",
        "http://%2Ftmp%2Fctl.sock/echo"})
    @Clause(id = "5.1.3", level = MUST)
    @Tag("clause-5.1.3") @Tag("MUST")
    void must_5_1_3_acceptsTheAbsoluteForm(String absolute, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post(absolute, "[\"abs\"]"));
        assertThat(r.status()).as("status of POST " + absolute).isEqualTo(200);
        assertThat(r.bodyText()).as("body of POST " + absolute).isEqualTo("[\"abs\"]");
    }

    static Stream<Arguments> notNames() {
        String long65 = "a".repeat(65);
        return Stream.of(
                Arguments.of("/", "an empty name", false),
                Arguments.of("/echo/", "a name with a trailing /", false),
                Arguments.of("/echo/x", "a name containing /", false),
                Arguments.of("//echo", "a name starting with /", false),
                Arguments.of("/echo%2Fx", "a name containing an encoded /", false),
                Arguments.of("/..", "..", false),
                Arguments.of("/%2e%2e", "encoded ..", false),
                Arguments.of("/../echo", "../echo", false),
                Arguments.of("/..%2F..%2F..%2Fetc%2Fpasswd", "a path traversal", false),
                Arguments.of("/.echo", "a name starting with .", false),
                Arguments.of("/echo%00", "a name with an encoded NUL", false),
                Arguments.of("/ech%20o", "a name with a space", false),
                Arguments.of("/" + long65, "a 65-character name", false),
                Arguments.of("/%zzecho", "invalid percent-encoding", true),
                Arguments.of("/echo%", "a truncated percent-encoding", true),
                Arguments.of("/%ff%fe", "invalid UTF-8 after decoding", true),
                Arguments.of("/%C3%A9cho", "a non-ASCII name (é)", false));
    }

    @ParameterizedTest(name = "[5.1.4] {1}: {0}")
    @MethodSource("notNames")
    @Clause(id = "5.1.4", level = MUST)
    @Tag("clause-5.1.4") @Tag("MUST")
    void must_5_1_4_pathThatIsNoNameIs404(String path, String what, boolean may400, TargetSession target)
            throws IOException {
        for (Request req : new Request[] {Request.post(path, "[\"ran\"]"), Request.get(path)}) {
            HttpResponse r = target.call(req);
            String desc = "status of " + req.method() + " " + path + " (" + what + ")";
            if (may400) {
                assertThat(r.status()).as(desc + ": 404, or 400 for bad encoding").isIn(404, 400);
            } else {
                assertThat(r.status()).as(desc).isEqualTo(404);
            }
            assertThat(r.bodyText()).as("body of " + req.method() + " " + path + " (must not reach a command or a file)")
                    .doesNotContain("root:").doesNotContain("[\"ran\"]");
        }
    }

    @Test
    @Clause(id = "5.1.4", level = MUST)
    @Tag("clause-5.1.4") @Tag("MUST")
    void must_5_1_4_aValidUnknownNameOf64CharactersIs404(TargetSession target) throws IOException {
        String name = "A-z_0.9".repeat(10).substring(0, 64);
        HttpResponse r = target.get("/" + name);
        assertThat(r.status()).as("status of GET of a valid 64-character name that is no command").isEqualTo(404);
    }
}
