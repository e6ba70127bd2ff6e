package org.ctlsock.conformance.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.SocketProfile;

/**
 * Writes {@code report.json} (schema {@value RunReport#SCHEMA}), the machine-readable report. The records below are
 * its shape: Jackson writes a record's components as members, in their order, so the schema reads off them.
 */
public final class JsonReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {
    }

    record Report(String schema, Named kit, Named spec, Target target, Run run, String verdict,
            Map<String, Integer> summary, List<Clause> clauses, List<Test> unattributed) {
    }

    record Named(String name, String version) {
    }

    record Target(String name, String mode, String describedAs, List<String> capabilities, String profile,
            String profileNote, Collection<ExpectedFailure> expectedFailures) {
    }

    record Run(String startedAt, long durationMillis, boolean strict, long timeoutWithinMillis,
            long timeoutDuringMillis, Selection selection) {
    }

    record Selection(List<String> clauses, List<String> levels) {
    }

    record Clause(String id, String level, String section, String title, String summary, String outcome,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason, long durationMillis, List<Test> tests) {
    }

    record Test(String name, @JsonProperty("case") String caseId, String id, String outcome, long durationMillis,
            @JsonInclude(JsonInclude.Include.NON_NULL) String seed,
            @JsonInclude(JsonInclude.Include.NON_NULL) String evidence) {
    }

    public static String render(RunReport r) throws IOException {
        return JSON.writeValueAsString(report(r));
    }

    private static Report report(RunReport r) {
        KitSettings s = r.settings();
        Target target = new Target(s.targetName(), s.mode().name().toLowerCase(Locale.ROOT), s.describedAs(),
                s.capabilities().stream().map(Capability::specName).toList(),
                s.claims(Capability.COMMANDS) ? "full" : "socket", SocketProfile.describe(s),
                s.expectedFailures().values());
        Run run = new Run(r.startedAt().toString(), r.durationMillis(), s.strict(), s.timeouts().within().toMillis(),
                s.timeouts().during().toMillis(), new Selection(s.clauseSelection(),
                        s.levelSelection().stream().map(l -> l.text()).toList()));
        Map<String, Integer> summary = new LinkedHashMap<>();
        r.counts().forEach((outcome, n) -> summary.put(outcome.label(), n));
        List<Clause> clauses = r.clauses().stream().map(c -> new Clause(c.clause().id(), c.clause().level().text(),
                c.clause().section(), c.clause().title(), c.clause().summary(), c.outcome().label(), c.reason(),
                c.cases().stream().mapToLong(CaseRecord::durationMillis).sum(), tests(c.cases()))).toList();
        return new Report(RunReport.SCHEMA, new Named("ctlsock-conformance", r.kitVersion()),
                new Named("ctlsock", r.specVersion()), target, run, r.verdict().toLowerCase(Locale.ROOT), summary,
                clauses, tests(r.unattributed()));
    }

    private static List<Test> tests(List<CaseRecord> cases) {
        return cases.stream().map(k -> new Test(k.name(), k.caseId(), k.uniqueId(), k.outcome().label(),
                k.durationMillis(), k.seed(), k.message())).toList();
    }
}
