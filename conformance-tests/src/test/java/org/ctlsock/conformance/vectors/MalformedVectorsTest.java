package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.Test;

/** The malformed-input corpus loads, is big enough, cites real clauses, and is what generate.py makes. */
class MalformedVectorsTest {
    private static Path dir() {
        return Path.of(System.getProperty("ctlsock.vectors.dir", "../fixtures/vectors")).resolve("malformed");
    }

    @Test
    void everyCorpusFileLoadsWithUniqueNames() {
        Map<String, List<Vector>> files = VectorFiles.loadDir(dir(), true);
        int total = 0;
        for (Map.Entry<String, List<Vector>> f : files.entrySet()) {
            Set<String> names = new HashSet<>();
            for (Vector v : f.getValue()) {
                assertThat(names.add(v.name())).as("name unique in %s: %s", f.getKey(), v.name())
                        .isTrue();
                assertThat(v.request()).as("request bytes of %s", v.name()).isNotEmpty();
                total++;
            }
        }
        assertThat(total).as("vectors in the corpus (issue 7 asks for at least 200)").isGreaterThanOrEqualTo(200);
    }

    @Test
    void theBundledCopyHasTheSameFiles() {
        String saved = System.clearProperty("ctlsock.vectors.dir");
        try {
            assertThat(VectorFiles.loadCorpus().keySet())
                    .isEqualTo(VectorFiles.loadDir(dir(), true).keySet());
        } finally {
            if (saved != null) {
                System.setProperty("ctlsock.vectors.dir", saved);
            }
        }
    }

    @Test
    void readsTheExtensionMembers() {
        List<Vector> vs = VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"4.3.5\","
                + "\"alsoClauses\":[\"6.3.3\"],\"requestParts\":[{\"text\":\"GET /\"},{\"repeat\":\"ab\",\"times\":3},"
                + "{\"hex\":\"20 0d0a\"}],\"halfClose\":true,\"expect\":{\"status\":[400],\"orClose\":true},"
                + "\"then\":[{\"status\":200}],\"thenClosed\":true}]}").getBytes(StandardCharsets.UTF_8), true);
        Vector v = vs.get(0);
        assertThat(new String(v.request(), StandardCharsets.ISO_8859_1)).isEqualTo("GET /ababab \r\n");
        assertThat(v.alsoClauses()).containsExactly("6.3.3");
        assertThat(v.halfClose()).isTrue();
        assertThat(v.thenClosed()).isTrue();
        assertThat(v.expectations()).hasSize(2);
        assertThat(v.displayName()).isEqualTo("[4.3.5] a (also 6.3.3)");
    }

    @Test
    void rejectsTyposAndUnknownClauses() {
        assertThatThrownBy(() -> parse("\"halfclose\":true,\"request\":\"x\"")).isInstanceOf(KitError.class)
                .hasMessageContaining("halfclose");
        assertThatThrownBy(() -> parse("\"alsoClauses\":[\"9.9.9\"],\"request\":\"x\"")).isInstanceOf(KitError.class)
                .hasMessageContaining("9.9.9");
        assertThatThrownBy(() -> parse("\"request\":\"x\",\"requestParts\":[{\"text\":\"y\"}]"))
                .isInstanceOf(KitError.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("\"requestParts\":[{\"repeat\":\"y\"}]")).isInstanceOf(KitError.class)
                .hasMessageContaining("repeat");
        assertThatThrownBy(() -> parse("\"request\":\"x\",\"then\":[{\"stat\":200}]")).isInstanceOf(KitError.class)
                .hasMessageContaining("stat");
    }

    private static List<Vector> parse(String members) {
        return VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"4.3.5\"," + members
                + ",\"expect\":{\"status\":400}}]}").getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void theCommittedFilesAreWhatTheGeneratorWrites() throws IOException, InterruptedException {
        assumeTrue(KitSettings.onPath("python3"), "python3 is not on the PATH, so generate.py --check cannot run");
        Path script = dir().resolve("generate.py");
        assumeTrue(Files.isRegularFile(script), "generate.py is not in " + dir());
        Process p = new ProcessBuilder("python3", script.toString(), "--check").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("generate.py --check finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("generate.py --check (stale JSON: run generate.py and commit): %s", out)
                .isZero();
    }
}
