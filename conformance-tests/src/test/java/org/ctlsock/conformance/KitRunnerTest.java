package org.ctlsock.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.report.ClauseResult;
import org.ctlsock.conformance.report.Outcome;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline against a deliberately wrong target: launch, clause tests, outcome rules, report, verdict. */
class KitRunnerTest {
    @TempDir
    Path reportDir;

    @Test
    void reportsPassFailKnownFailAndExpectedFailuresThatNowPass() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String template = "\"" + java + "\" -cp \"" + System.getProperty("java.class.path") + "\" "
                + CannedServer.class.getName() + " {socket}";
        KitSettings settings = KitSettings.fromProperties(Map.of("ctlsock.target", template, "ctlsock.name", "canned",
                "ctlsock.report.dir", reportDir.toString(), "ctlsock.clauses", "4.1.1,5.3.1,8.1.1,8.1.2")::get)
                .withExpectedFailures(Map.of(
                        "8.1.2", new ExpectedFailure("8.1.2", "fail never fails", null),
                        "4.1.1", new ExpectedFailure("4.1.1", "was wrong once", null)));

        RunReport report = KitRunner.run(settings, 10);

        assertThat(outcome(report, "4.1.1")).as("4.1.1 passes although listed as expected failure")
                .isEqualTo(Outcome.FAIL);
        assertThat(clause(report, "4.1.1").reason()).contains("now passes");
        assertThat(outcome(report, "5.3.1")).as("echo without arguments answers [] even on this server")
                .isEqualTo(Outcome.PASS);
        assertThat(outcome(report, "8.1.1")).as("echo ignores its arguments").isEqualTo(Outcome.FAIL);
        assertThat(outcome(report, "8.1.2")).as("fail never fails, as its descriptor admits")
                .isEqualTo(Outcome.KNOWN_FAIL);
        assertThat(outcome(report, "4.2.1")).as("not selected").isEqualTo(Outcome.NOT_TESTED);
        assertThat(report.passed()).isFalse();

        String evidence = clause(report, "8.1.1").cases().stream().filter(c -> c.outcome() == Outcome.FAIL)
                .findFirst().orElseThrow().message();
        assertThat(evidence).contains("[8.1.1] MUST — A server under test provides the command `echo`")
                .contains(">> POST /echo HTTP/1.1\\r\\n").contains("<< HTTP/1.1 200 OK\\r\\n");

        JsonNode json = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
        assertThat(json.get("target").get("name").asText()).isEqualTo("canned");
        assertThat(Files.readString(reportDir.resolve("report.md"))).contains("### FAIL 8.1.1");
        assertThat(report.failures())
                .anySatisfy(f -> assertThat(f).startsWith("FAIL 4.1.1").contains("now passes"))
                .anySatisfy(f -> assertThat(f).startsWith("FAIL 8.1.1"));
    }

    private static ClauseResult clause(RunReport r, String id) {
        return r.clauses().stream().filter(c -> c.clause().id().equals(id)).findFirst().orElseThrow();
    }

    private static Outcome outcome(RunReport r, String id) {
        return clause(r, id).outcome();
    }
}
