package org.ctlsock.conformance.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.outcome.ClauseViolation;
import org.ctlsock.conformance.outcome.KnownFailure;
import org.ctlsock.conformance.outcome.RecommendationNotMet;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.wire.WireLog;
import org.junit.jupiter.api.Test;

class OutcomePolicyTest {
    private static KitSettings settings(boolean strict, Map<String, ExpectedFailure> expected) {
        return KitSettings.fromProperties(Map.of("ctlsock.target", "x {socket}", "ctlsock.name", "t", "ctlsock.strict",
                Boolean.toString(strict))::get).withExpectedFailures(expected);
    }

    @Test
    void aPassStaysAPass() {
        assertThat(OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.1"), null, null, null, new Evidence(),
                settings(false, Map.of()), "")).isNull();
    }

    @Test
    void aMustFailureCarriesTheClauseTheExpectationAndTheEvidence() {
        Evidence ev = new Evidence();
        WireLog log = ev.newLog("probe");
        byte[] b = "GET /echo HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        log.sent(b, 0, b.length);
        Throwable t = OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.1"), null, new AssertionError("expected: 200 but was: 500"),
                null, ev, settings(false, Map.of()),
                "--- target stderr (tail) ---\nserver said hello\n");
        assertThat(t).isInstanceOf(ClauseViolation.class);
        assertThat(t.getMessage()).startsWith("[4.2.1] MUST — An HTTP/1.1 connection is persistent")
                .contains("expected: 200 but was: 500").contains(">> GET /echo HTTP/1.1\\r\\n")
                .contains("target stderr (tail)").contains("server said hello");
    }

    @Test
    void aShouldFailureWarnsUnlessStrict() {
        Throwable lenient = OutcomePolicy.decide(SpecCatalog.bundled().get("4.3.3"), null, new AssertionError("no 100"), null,
                new Evidence(), settings(false, Map.of()), "");
        assertThat(lenient).isInstanceOf(RecommendationNotMet.class).hasMessageContaining("[4.3.3] SHOULD");
        Throwable strict = OutcomePolicy.decide(SpecCatalog.bundled().get("4.3.3"), null, new AssertionError("no 100"), null,
                new Evidence(), settings(true, Map.of()), "");
        assertThat(strict).isInstanceOf(ClauseViolation.class);
    }

    @Test
    void aVectorOfAMayClauseIsInformationalNeverAFailure() {
        Throwable may = OutcomePolicy.decide(SpecCatalog.bundled().get("4.1.4"),
                "4.1.4/vectors[HTTP/1.1 without Host: answered or 400]", new AssertionError("status 404"), null,
                new Evidence(), settings(true, Map.of()), "");
        assertThat(may).isInstanceOf(org.ctlsock.conformance.NotApplicable.class).hasMessageContaining("informational")
                .hasMessageContaining("MAY 4.1.4");
    }

    @Test
    void anExpectedFailureIsKnown() {
        Throwable t = OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.2"), null, new AssertionError("framing"), null,
                new Evidence(), settings(false, Map.of("4.2.2", new ExpectedFailure("4.2.2", "no lengths", null))), "");
        assertThat(t).isInstanceOf(KnownFailure.class).hasMessageContaining("no lengths").hasMessageContaining("framing");
    }

    @Test
    void anExpectedFailureOfOneCaseCoversThatCaseOnly() {
        Map<String, ExpectedFailure> one = Map.of("4.2.2/bad[x]", new ExpectedFailure("4.2.2", "4.2.2/bad[x]",
                "one vector", null, false));
        assertThat(OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.2"), "4.2.2/bad[x]", new AssertionError("f"),
                null, new Evidence(), settings(false, one), "")).isInstanceOf(KnownFailure.class)
                .hasMessageContaining("one vector");
        assertThat(OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.2"), "4.2.2/bad[y]", new AssertionError("f"),
                null, new Evidence(), settings(false, one), "")).isInstanceOf(ClauseViolation.class);
    }

    @Test
    void aCrashFailsTheCaseEvenIfItPassed() {
        Throwable t = OutcomePolicy.decide(SpecCatalog.bundled().get("4.3.5"), null, null, "exited with status 137",
                new Evidence(), settings(false, Map.of()), "");
        assertThat(t).isInstanceOf(ClauseViolation.class).hasMessageContaining("CRASH: exited with status 137");
    }

    @Test
    void skipsAndKitErrorsAreNotVerdicts() {
        NotApplicable na = new NotApplicable("no mode");
        assertThat(OutcomePolicy.decide(SpecCatalog.bundled().get("9.1.1"), null, na, null, new Evidence(),
                settings(false, Map.of()), "")).isSameAs(na);
        Throwable err = OutcomePolicy.decide(SpecCatalog.bundled().get("4.2.1"), null, new KitError("no jar"), null,
                new Evidence(), settings(false, Map.of()), "");
        assertThat(err).isInstanceOf(KitError.class).hasMessageContaining("ERROR in the kit");
    }
}
