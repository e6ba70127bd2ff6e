package org.ctlsock.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.Test;

class RunReportTest {
    private static CaseRecord c(String clause, Outcome o) {
        return new CaseRecord("id-" + clause + o, "case " + clause, clause, o, o == Outcome.PASS ? null : "why", 1, null);
    }

    private static KitSettings settings(Map<String, ExpectedFailure> expected) {
        return KitSettings.fromProperties(Map.of("ctlsock.target", "x {socket}", "ctlsock.name", "t")::get)
                .withExpectedFailures(expected);
    }

    private static ClauseResult result(RunReport r, String id) {
        return r.clauses().stream().filter(c -> c.clause().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aClauseTakesItsWorstCaseAndUntestedClausesAreListed() {
        RunReport r = RunReport.of(List.of(c("4.2.1", Outcome.PASS), c("4.2.1", Outcome.FAIL),
                c("4.3.3", Outcome.WARN), c("4.2.3", Outcome.PASS), c("4.2.3", Outcome.NOT_APPLICABLE),
                c("9.1.1", Outcome.NOT_APPLICABLE), c(null, Outcome.PASS)), SpecCatalog.bundled(), settings(Map.of()),
                Instant.now(), 5);
        assertThat(result(r, "4.2.1").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result(r, "4.3.3").outcome()).isEqualTo(Outcome.WARN);
        assertThat(result(r, "4.2.3").outcome()).isEqualTo(Outcome.PASS);
        assertThat(result(r, "9.1.1").outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(result(r, "2.1.1").outcome()).isEqualTo(Outcome.NOT_TESTED);
        assertThat(r.unattributed()).hasSize(1);
        assertThat(r.passed()).isFalse();
        assertThat(r.clauses()).hasSize(SpecCatalog.bundled().all().size());
    }

    @Test
    void warningsKnownFailuresAndNotApplicableDoNotFailTheRun() {
        RunReport r = RunReport.of(List.of(c("4.3.3", Outcome.WARN), c("4.2.2", Outcome.KNOWN_FAIL),
                c("9.1.1", Outcome.NOT_APPLICABLE)), SpecCatalog.bundled(),
                settings(Map.of("4.2.2", new ExpectedFailure("4.2.2", "known", null))), Instant.now(), 5);
        assertThat(result(r, "4.2.2").outcome()).isEqualTo(Outcome.KNOWN_FAIL);
        assertThat(result(r, "4.2.2").reason()).isEqualTo("known");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anExpectedFailureThatNowPassesFails() {
        RunReport r = RunReport.of(List.of(c("4.2.2", Outcome.PASS), c("4.2.2", Outcome.PASS)),
                SpecCatalog.bundled(), settings(Map.of("4.2.2", new ExpectedFailure("4.2.2", "was broken", null))),
                Instant.now(), 5);
        assertThat(result(r, "4.2.2").outcome()).isEqualTo(Outcome.FAIL);
        assertThat(result(r, "4.2.2").reason()).contains("expected failure now passes — remove it from the list")
                .contains("was broken");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anIntermittentExpectedFailureThatPassesStaysAPassAndOneThatFailsIsKnown() {
        ExpectedFailure sometimes = new ExpectedFailure("7.5.2", null, "out of memory in some runs", null, true);
        RunReport passing = RunReport.of(List.of(c("7.5.2", Outcome.PASS)), SpecCatalog.bundled(),
                settings(Map.of("7.5.2", sometimes)), Instant.now(), 5);
        assertThat(result(passing, "7.5.2").outcome()).isEqualTo(Outcome.PASS);
        assertThat(result(passing, "7.5.2").reason()).contains("intermittent").contains("out of memory in some runs");
        assertThat(passing.passed()).isTrue();
        RunReport failing = RunReport.of(List.of(c("7.5.2", Outcome.KNOWN_FAIL)), SpecCatalog.bundled(),
                settings(Map.of("7.5.2", sometimes)), Instant.now(), 5);
        assertThat(result(failing, "7.5.2").outcome()).isEqualTo(Outcome.KNOWN_FAIL);
        assertThat(failing.passed()).isTrue();
    }

    @Test
    void anIntermittentCaseEntryThatPassesDoesNotFailItsClause() {
        CaseRecord crowd = new CaseRecord("[engine:junit-jupiter]/[method:crowd()]", "crowd()", "7.5.2", Outcome.PASS,
                null, 1, null);
        String id = org.ctlsock.conformance.CaseId.of("7.5.2", crowd.uniqueId(), crowd.name());
        RunReport always = RunReport.of(List.of(crowd), SpecCatalog.bundled(),
                settings(Map.of(id, new ExpectedFailure("7.5.2", id, "r", null, false))), Instant.now(), 5);
        assertThat(result(always, "7.5.2").outcome()).isEqualTo(Outcome.FAIL);
        RunReport sometimes = RunReport.of(List.of(crowd), SpecCatalog.bundled(),
                settings(Map.of(id, new ExpectedFailure("7.5.2", id, "r", null, true))), Instant.now(), 5);
        assertThat(result(sometimes, "7.5.2").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void writersProduceTheVersionedJsonAndMarkdown() throws Exception {
        RunReport r = RunReport.of(List.of(c("4.2.1", Outcome.FAIL), c("4.3.3", Outcome.WARN)),
                SpecCatalog.bundled(), settings(Map.of()), Instant.now(), 5);
        var json = new ObjectMapper().readTree(JsonReportWriter.render(r));
        assertThat(json.get("schema").asText()).isEqualTo(RunReport.SCHEMA);
        assertThat(json.get("spec").get("version").asText()).isEqualTo(SpecCatalog.bundled().version());
        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("summary").get("FAIL").asInt()).isEqualTo(1);
        String md = MarkdownReportWriter.render(r);
        assertThat(md).contains("| 4.2 Connections |").contains("### FAIL 4.2.1").contains("### WARN 4.3.3")
                .contains("verdict: **FAIL**");
    }
}
