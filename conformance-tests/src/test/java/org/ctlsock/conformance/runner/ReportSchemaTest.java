package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** report.json of real runs validates against the published schema (report-schema.json, draft 2020-12). */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Schema schema() throws IOException {
        try (InputStream in = ReportSchemaTest.class.getResourceAsStream("/report-schema.json")) {
            assertThat(in).as("report-schema.json on the kit's class path").isNotNull();
            JsonNode s = JSON.readTree(in);
            assertThat(s.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                    com.networknt.schema.SchemaLocation.of(s.path("$id").asText()), s);
        }
    }

    private static List<Error> validate(JsonNode report) throws IOException {
        return schema().validate(report, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    @Test
    void passingRunValidates() throws IOException {
        SampleRuns.Run run = SampleRuns.reference();
        assertThat(run.status()).as("exit status; output:\n" + run.out() + run.err()).isZero();
        JsonNode report = JSON.readTree(Files.readAllBytes(run.file("report.json")));
        assertThat(validate(report)).as("schema errors").isEmpty();
        assertThat(report.path("verdict").asText()).isEqualTo("pass");
    }

    @Test
    void failingRunValidatesWithEvidenceAndCaseIds() throws IOException {
        SampleRuns.Run run = SampleRuns.wrong();
        assertThat(run.status()).as("exit status; output:\n" + run.out() + run.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(Files.readAllBytes(run.file("report.json")));
        assertThat(validate(report)).as("schema errors").isEmpty();
        JsonNode clause = find(report, "4.1.1");
        assertThat(clause.path("outcome").asText()).isEqualTo("FAIL");
        JsonNode test = clause.path("tests").get(0);
        assertThat(test.path("case").asText()).isEqualTo("4.1.1/answersHttp11WithHttp11");
        assertThat(test.path("evidence").asText()).contains("<< HTTP/1.0 200 OK").contains("http10-only: answered");
    }

    @Test
    void schemaRejectsWhatIsNotAReport() throws IOException {
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readAllBytes(SampleRuns.reference().file("report.json")));
        ((ObjectNode) report.path("clauses").get(0)).put("outcome", "MAYBE");
        report.remove("verdict");
        ((ObjectNode) report.path("clauses").get(0)).put("level", "OUGHT");
        assertThat(validate(report)).as("errors for a bad outcome, a bad level and a missing verdict").hasSize(3);
    }

    static JsonNode find(JsonNode report, String clause) {
        for (JsonNode c : report.path("clauses")) {
            if (c.path("id").asText().equals(clause)) {
                return c;
            }
        }
        throw new AssertionError("no clause " + clause + " in the report");
    }
}
