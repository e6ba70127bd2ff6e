package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code traceability.md}: for every clause of the spec, the cases that check it and their
 * outcome in this run (the Maven build runs it against the reference server), or the reason it is
 * untestable, or a loud "no test". Generated from {@code report.json}, so it can never disagree with it.
 */
public final class TraceabilityWriter {
    private TraceabilityWriter() {
    }

    public static void write(JsonNode report, Map<String, String> untestable, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(report, untestable), StandardCharsets.UTF_8);
    }

    public static String render(JsonNode r, Map<String, String> untestable) {
        StringBuilder md = new StringBuilder();
        int tested = 0;
        int marked = 0;
        List<String> missing = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (JsonNode c : r.path("clauses")) {
            String id = c.path("id").asText();
            List<String> cases = new ArrayList<>();
            for (JsonNode t : c.path("tests")) {
                cases.add("`" + t.path("case").asText(t.path("name").asText()) + "` " + t.path("outcome").asText());
            }
            String note;
            if (!cases.isEmpty()) {
                tested++;
                note = c.has("reason") && !"PASS".equals(c.path("outcome").asText())
                        ? cell(c.path("reason").asText()) : "";
            } else if (untestable.containsKey(id)) {
                marked++;
                note = "untestable: " + cell(untestable.get(id));
            } else {
                missing.add(id);
                note = "**no case ran** (" + cell(c.path("reason").asText("")) + ")";
            }
            rows.append("| ").append(id).append(" | ").append(c.path("level").asText()).append(" | ")
                    .append(cases.isEmpty() ? "—" : String.join("<br>", cases)).append(" | ")
                    .append(cases.isEmpty() ? "" : c.path("outcome").asText()).append(" | ").append(note).append(" |\n");
        }
        md.append("# ctlsock traceability matrix\n\n");
        md.append("Every clause of spec ").append(r.path("spec").path("version").asText())
                .append(", the conformance cases that check it, and their outcome against **")
                .append(r.path("target").path("name").asText()).append("** (").append(r.path("target").path("describedAs")
                        .asText()).append(") in the run of ").append(r.path("run").path("startedAt").asText())
                .append(", kit ").append(r.path("kit").path("version").asText()).append(".\n\n");
        md.append("- clauses with cases in this run: ").append(tested).append('\n');
        md.append("- untestable from outside (reason below, from `untestable-clauses.json`): ").append(marked).append('\n');
        md.append("- without any case in this run: ").append(missing.size())
                .append(missing.isEmpty() ? "" : " — " + String.join(", ", missing)).append("\n\n");
        md.append("Case ids are stable (see conformance-tests/CHANGELOG.md); run one with "
                + "`java -jar ctlsock-conformance.jar --target … --case ID`.\n\n");
        md.append("| clause | level | cases (outcome) | clause outcome | note |\n|---|---|---|---|---|\n");
        md.append(rows);
        return md.toString();
    }

    private static String cell(String s) {
        String first = s.strip().split("\n", 2)[0];
        if (first.length() > 180) {
            first = first.substring(0, 180) + "…";
        }
        return first.replace("|", "\\|");
    }
}
