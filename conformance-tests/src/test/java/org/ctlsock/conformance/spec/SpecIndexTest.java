package org.ctlsock.conformance.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build check of spec/README.md: {@code spec/clauses.json} says exactly what the clause paragraphs
 * of {@code spec/NN-*.md} say (ids, levels, sections, titles, files, summaries, in order), and no id
 * appears twice. Run {@code python3 spec/gen-index.py} after editing a clause.
 */
class SpecIndexTest {
    static Path specDir() {
        return Path.of(System.getProperty("ctlsock.spec.dir", "../spec"));
    }

    static List<SpecClause> fromText() throws IOException {
        List<SpecClause> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(specDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList()) {
                out.addAll(SpecTextParser.parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static String line(String id, String level, String section, String title, String file, String summary) {
        return id + " | " + level + " | " + section + " | " + title + " | " + file + " | " + summary;
    }

    @Test
    void clausesJsonMatchesTheClauseParagraphs() throws IOException {
        JsonNode index = new ObjectMapper().readTree(specDir().resolve("clauses.json").toFile());
        List<String> inJson = new ArrayList<>();
        for (JsonNode c : index.get("clauses")) {
            inJson.add(line(c.get("id").asText(), c.get("level").asText(), c.get("section").asText(),
                    c.get("title").asText(), c.get("file").asText(), c.get("summary").asText()));
        }
        List<String> inText = fromText().stream()
                .map(c -> line(c.id(), c.level().text(), c.section(), c.title(), c.file(), c.summary())).toList();
        assertThat(inJson).as("spec/clauses.json (left) against the clause paragraphs of spec/NN-*.md (right); "
                + "run python3 spec/gen-index.py").containsExactlyElementsOf(inText);
    }

    @Test
    void clauseIdsAreUnique() throws IOException {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (SpecClause c : fromText()) {
            if (!seen.add(c.id())) {
                duplicates.add(c.id() + " (" + c.file() + ")");
            }
        }
        assertThat(duplicates).as("clause ids that appear more than once").isEmpty();
    }

    @Test
    void theKitBundlesTheSameIndex() throws IOException {
        List<String> bundled = SpecCatalog.bundled().all().stream().map(c -> c.id() + " " + c.level().text()).toList();
        List<String> text = fromText().stream().map(c -> c.id() + " " + c.level().text()).toList();
        assertThat(bundled).as("the clause index bundled in the kit's jar").containsExactlyElementsOf(text);
        assertThat(SpecCatalog.bundled().get("4.2.1").text()).as("full sentence of 4.2.1 (for failure messages)")
                .startsWith("An HTTP/1.1 connection is persistent").doesNotEndWith("…");
    }

    @Test
    void parserFollowsGenIndexRules() {
        String md = "## 9.9 A title\n\n**[9.9.1] MUST NOT** — First sentence. Second\nsentence.\n\n"
                + "Not a clause **[9.9.2] MUST** — here.\n\n**[9.9.3] SHOULD** — " + "x".repeat(200) + " y.\n";
        List<SpecClause> cs = SpecTextParser.parse("09-x.md", md);
        assertThat(cs).extracting(SpecClause::id).containsExactly("9.9.1", "9.9.3");
        assertThat(cs.get(0).level()).isEqualTo(Level.MUST_NOT);
        assertThat(cs.get(0).summary()).isEqualTo("First sentence.");
        assertThat(cs.get(0).text()).isEqualTo("First sentence. Second sentence.");
        assertThat(cs.get(0).section()).isEqualTo("9.9");
        assertThat(cs.get(1).summary()).hasSize(158).endsWith("…");
    }
}
