package org.ctlsock.conformance.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the self-check reads a broken server's descriptor and judges the kit's report on it: the clauses it
 * breaks must fail; the ones that only "follow from" the defect are shown, never required.
 */
class SelfCheckJudgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode expectedFailures() throws IOException {
        return JSON.readTree("""
                [{"clause": "4.2.2", "reason": "no Content-Length on a kept-open connection"},
                 {"clause": "8.1.3", "reason": "follows from 4.2.2: the unframed answer"},
                 {"clause": "6.1.1", "reason": "  Follows from 4.2.2, too"}]""");
    }

    private static SelfCheckTarget broken() throws IOException {
        JsonNode ef = expectedFailures();
        return new SelfCheckTarget("broken-x", SelfCheckTarget.Kind.BROKEN, List.of(),
                SelfCheckTarget.clauses(ef, false), SelfCheckTarget.clauses(ef, true), List.of());
    }

    /** A report.json as the kit writes it, with one case per clause and the given outcomes. */
    private Path report(Map<String, String> outcomes) throws IOException {
        StringBuilder clauses = new StringBuilder();
        outcomes.forEach((id, outcome) -> clauses.append(clauses.length() == 0 ? "" : ",").append("{\"id\":\"")
                .append(id).append("\",\"outcome\":\"").append(outcome).append("\",\"tests\":[{\"outcome\":\"")
                .append(outcome).append("\"}]}"));
        Path json = dir.resolve("report.json");
        Files.writeString(json, "{\"clauses\":[" + clauses + "]}");
        return json;
    }

    @Test
    void aProcessThatOutlivesItsRunIsFoundByItsFixturesFiles() throws Exception {
        String file = "/tmp/ctlsock-selfcheck-marker-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Process p = new ProcessBuilder("/bin/sh", "-c", "sleep 60", file).start();
        try {
            assertThat(FixturesSelfCheckIT.survivors(List.of(file), 0)).singleElement().asString()
                    .startsWith(p.pid() + " ");
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(FixturesSelfCheckIT.survivors(List.of(file), 2_000)).isEmpty();
    }

    @Test
    void aReasonThatBeginsFollowsFromMarksAConsequence() throws IOException {
        assertThat(SelfCheckTarget.clauses(expectedFailures(), false)).containsExactly("4.2.2");
        assertThat(SelfCheckTarget.clauses(expectedFailures(), true)).containsExactly("8.1.3", "6.1.1");
    }

    @Test
    void aBrokenServerCaughtOnWhatItBreaksIsOkWhateverItsConsequencesDid() throws IOException {
        SelfCheckResult r = FixturesSelfCheckIT.judge(broken(), 1,
                report(Map.of("4.2.2", "FAIL", "8.1.3", "PASS", "6.1.1", "FAIL")), 10, KnownIssues.bundled());
        assertThat(r.verdict()).isEqualTo("ok");
        assertThat(r.caught()).containsExactly("4.2.2");
    }

    @Test
    void aBrokenServerThatPassesTheClauseItBreaksIsAWrongVerdict() throws IOException {
        SelfCheckResult r = FixturesSelfCheckIT.judge(broken(), 1,
                report(Map.of("4.2.2", "PASS", "8.1.3", "FAIL")), 10, KnownIssues.bundled());
        assertThat(r.wrong()).as(r.verdict()).isTrue();
        assertThat(r.verdict()).contains("4.2.2 not caught");
    }

    @Test
    void aBrokenServerCaughtButWithExitZeroIsAWrongVerdict() throws IOException {
        SelfCheckResult r = FixturesSelfCheckIT.judge(broken(), 0, report(Map.of("4.2.2", "FAIL")), 10,
                KnownIssues.bundled());
        assertThat(r.verdict()).startsWith("WRONG: exit 0");
    }

    @Test
    void aCorrectServerWithAFailureIsAWrongVerdict() throws IOException {
        SelfCheckTarget correct = new SelfCheckTarget("correct-x", SelfCheckTarget.Kind.CORRECT, List.of(), List.of(),
                List.of(), List.of());
        SelfCheckResult r = FixturesSelfCheckIT.judge(correct, 1, report(Map.of("5.2.1", "FAIL", "4.1.1", "PASS")),
                10, KnownIssues.bundled());
        assertThat(r.verdict()).contains("5.2.1 fails");
        assertThat(FixturesSelfCheckIT.judge(correct, 0, report(Map.of("4.1.1", "PASS")), 10, KnownIssues.bundled())
                .verdict()).isEqualTo("ok");
    }

    @Test
    void twoCasesWithOneIdAreShownInTheVerdict() throws IOException {
        SelfCheckTarget correct = new SelfCheckTarget("correct-x", SelfCheckTarget.Kind.CORRECT, List.of(), List.of(),
                List.of(), List.of());
        Path json = dir.resolve("report.json");
        Files.writeString(json, """
                {"clauses": [{"id": "2.2.4", "outcome": "PASS", "tests": [
                  {"outcome": "PASS", "case": "2.2.4/refuses[Section2_2_ExistingPathTest.refuses]"},
                  {"outcome": "PASS", "case": "2.2.4/refuses[Section2_2_ExistingPathTest.refuses]"},
                  {"outcome": "PASS", "case": "2.2.4/refuses[FIFO]"}]}]}""");
        assertThat(FixturesSelfCheckIT.judge(correct, 0, json, 10, KnownIssues.bundled()).verdict())
                .startsWith("ok").contains("2.2.4/refuses[Section2_2_ExistingPathTest.refuses] ×2")
                .doesNotContain("[FIFO]");
    }

    @Test
    void aTargetThatCannotStartMustMakeTheKitSaySo() throws IOException {
        Path json = report(Map.of("8.1.1", "ERROR"));
        assertThat(FixturesSelfCheckIT.judge(FixturesSelfCheckIT.UNSTARTABLE, 2, json, 10, KnownIssues.bundled())
                .verdict()).isEqualTo("ok");
        assertThat(FixturesSelfCheckIT.judge(FixturesSelfCheckIT.UNSTARTABLE, 0, json, 10, KnownIssues.bundled())
                .verdict()).startsWith("WRONG");
    }
}
