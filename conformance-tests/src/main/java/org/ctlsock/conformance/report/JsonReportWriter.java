package org.ctlsock.conformance.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;

/** Writes {@code report.json} (schema {@value RunReport#SCHEMA}), the machine-readable report. */
public final class JsonReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {
    }

    public static ObjectNode toJson(RunReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", RunReport.SCHEMA);
        root.putObject("kit").put("name", "ctlsock-conformance").put("version", r.kitVersion());
        root.putObject("spec").put("name", "ctlsock").put("version", r.specVersion());
        KitSettings s = r.settings();
        ObjectNode target = root.putObject("target");
        target.put("name", s.targetName());
        target.put("mode", s.mode().name().toLowerCase(java.util.Locale.ROOT));
        target.put("describedAs", s.describedAs());
        ArrayNode caps = target.putArray("capabilities");
        s.capabilities().forEach(c -> caps.add(c.specName()));
        target.put("profile", s.claims(org.ctlsock.conformance.implementation.Capability.COMMANDS) ? "full" : "socket");
        target.put("profileNote", org.ctlsock.conformance.implementation.SocketProfile.describe(s));
        ArrayNode expected = target.putArray("expectedFailures");
        for (ExpectedFailure f : s.expectedFailures().values()) {
            ObjectNode e = expected.addObject().put("clause", f.clause());
            if (f.caseId() != null) {
                e.put("case", f.caseId());
            }
            e.put("reason", f.reason());
            if (f.link() != null) {
                e.put("link", f.link());
            }
            if (f.intermittent()) {
                e.put("intermittent", true);
            }
        }
        ObjectNode run = root.putObject("run");
        run.put("startedAt", r.startedAt().toString());
        run.put("durationMillis", r.durationMillis());
        run.put("strict", s.strict());
        run.put("timeoutWithinMillis", s.timeouts().within().toMillis());
        run.put("timeoutDuringMillis", s.timeouts().during().toMillis());
        ArrayNode selClauses = run.putObject("selection").putArray("clauses");
        s.clauseSelection().forEach(selClauses::add);
        ArrayNode selLevels = ((ObjectNode) run.get("selection")).putArray("levels");
        s.levelSelection().forEach(l -> selLevels.add(l.text()));
        root.put("verdict", r.passed() ? "pass" : "fail");
        ObjectNode summary = root.putObject("summary");
        for (Map.Entry<Outcome, Integer> e : r.counts().entrySet()) {
            summary.put(e.getKey().label(), e.getValue());
        }
        ArrayNode clauses = root.putArray("clauses");
        for (ClauseResult c : r.clauses()) {
            ObjectNode n = clauses.addObject();
            n.put("id", c.clause().id());
            n.put("level", c.clause().level().text());
            n.put("section", c.clause().section());
            n.put("title", c.clause().title());
            n.put("summary", c.clause().summary());
            n.put("outcome", c.outcome().label());
            if (c.reason() != null) {
                n.put("reason", c.reason());
            }
            n.put("durationMillis", c.cases().stream().mapToLong(CaseRecord::durationMillis).sum());
            n.set("tests", cases(c.cases()));
        }
        root.set("unattributed", cases(r.unattributed()));
        return root;
    }

    private static ArrayNode cases(java.util.List<CaseRecord> cases) {
        ArrayNode a = JSON.createArrayNode();
        for (CaseRecord k : cases) {
            ObjectNode t = a.addObject();
            t.put("name", k.name());
            t.put("case", k.caseId());
            t.put("id", k.uniqueId());
            t.put("outcome", k.outcome().label());
            t.put("durationMillis", k.durationMillis());
            if (k.seed() != null) {
                t.put("seed", k.seed());
            }
            if (k.message() != null) {
                t.put("evidence", k.message());
            }
        }
        return a;
    }

    public static String render(RunReport r) throws IOException {
        return JSON.writeValueAsString(toJson(r));
    }
}
