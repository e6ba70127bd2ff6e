package org.ctlsock.conformance.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Case ids are unique and stable (issue 16 item 6; RUNNER.md "Case ids"): every id {@code --list} prints names one
 * case, and a case id is made of names only. The standalone runner is run as a user runs it, in a JVM of its own
 * (its main class on this build's class path).
 */
class ListedCaseIdsTest {

    @Test
    void everyListedIdIsUniqueAndMadeOfNames() throws Exception {
        List<String> ids = listedIds();
        assertThat(ids).as("ids --list prints").hasSizeGreaterThan(100);
        Map<String, Integer> seen = new LinkedHashMap<>();
        ids.forEach(id -> seen.merge(id, 1, Integer::sum));
        List<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " ×" + e.getValue()).toList();
        assertThat(repeated).as("ids --list prints more than once (Expected: none)").isEmpty();
        // A position (JUnit's [1], #2) changes when a case is added before it: ids must not carry one.
        assertThat(ids).as("listed ids with a position in them").noneMatch(id -> id.matches(".*(\\[\\d+\\]|#\\d+).*"));
        assertThat(ids).as("listed ids of the form CLAUSE/method").allMatch(id ->
                id.matches("(\\d+(\\.\\d+)*|no-clause)/[A-Za-z_][A-Za-z0-9_]*(\\[.+\\])?"));
    }

    /** The first word of each line of {@code --list} (the id; the level follows it). */
    static List<String> listedIds() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("kit-list-", ".txt");
        String text;
        try {
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "org.ctlsock.conformance.runner.ConformanceCli", "--list").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.isAlive()).as("--list still running after 120 s; output:%n%s", text).isFalse();
            assertThat(p.exitValue()).as("exit status of --list; output:%n%s", text).isZero();
        } finally {
            Files.deleteIfExists(out);
        }
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\n")) {
            String first = line.strip().split("\\s+")[0];
            if (!line.startsWith(" ") && first.contains("/")) { // not the closing count
                ids.add(first);
            }
        }
        return ids;
    }
}
