package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ctlsock.conformance.KitError;
import org.junit.jupiter.api.Test;

/** The shared vectors in fixtures/vectors are well-formed, cite real clauses, and have unique names. */
class VectorFilesTest {
    @Test
    void everyVectorFileLoads() {
        Map<String, List<Vector>> files = VectorFiles.loadDir(Path.of(System.getProperty("ctlsock.vectors.dir",
                "../fixtures/vectors")), false);
        assertThat(files).isNotEmpty();
        for (Map.Entry<String, List<Vector>> f : files.entrySet()) {
            Set<String> names = new HashSet<>();
            for (Vector v : f.getValue()) {
                assertThat(names.add(v.name())).as("vector name unique in " + f.getKey() + ": " + v.name()).isTrue();
                assertThat(v.request()).as("request bytes of " + v.name()).isNotEmpty();
            }
        }
    }

    @Test
    void theBundledCopyMatchesTheSourceTree() {
        Map<String, List<Vector>> source = VectorFiles.loadDir(Path.of(System.getProperty("ctlsock.vectors.dir",
                "../fixtures/vectors")), false);
        String saved = System.clearProperty("ctlsock.vectors.dir");
        try {
            Map<String, List<Vector>> bundled = VectorFiles.load();
            assertThat(bundled.keySet()).isEqualTo(source.keySet());
        } finally {
            if (saved != null) {
                System.setProperty("ctlsock.vectors.dir", saved);
            }
        }
    }

    @Test
    void rejectsUnknownMembersAndUnknownClauses() {
        assertThatThrownBy(() -> VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"4.2.1\","
                + "\"request\":\"GET / HTTP/1.1\\r\\n\\r\\n\",\"expect\":{\"status\":200,\"bdy\":{}}}]}")
                .getBytes(StandardCharsets.UTF_8), false)).isInstanceOf(KitError.class).hasMessageContaining("\"bdy\"");
        assertThatThrownBy(() -> VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"4.2.99\","
                + "\"request\":\"x\",\"expect\":{\"status\":200}}]}").getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOf(KitError.class).hasMessageContaining("4.2.99");
        assertThatThrownBy(() -> VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"4.2.1\","
                + "\"request\":\"x\",\"requestHex\":\"00\",\"expect\":{\"status\":200}}]}")
                .getBytes(StandardCharsets.UTF_8), false)).isInstanceOf(KitError.class).hasMessageContaining("exactly one");
    }

    @Test
    void readsHexRequests() {
        List<Vector> v = VectorFiles.parse("x.json", ("{\"vectors\":[{\"name\":\"a\",\"clause\":\"5.3.4\","
                + "\"requestHex\":\"47 45 54 ff\",\"expect\":{\"status\":400}}]}").getBytes(StandardCharsets.UTF_8), false);
        assertThat(v.get(0).request()).containsExactly('G', 'E', 'T', 0xff);
        assertThat(v.get(0).displayName()).isEqualTo("[5.3.4] a");
    }
}
