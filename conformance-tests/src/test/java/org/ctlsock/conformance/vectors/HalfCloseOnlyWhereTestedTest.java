package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.EofDroppingServer;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the kit half-closed after every corpus request, and a server that drops its answer at the client's EOF
 * (Twisted) failed vectors it answers correctly. A vector marked {@code halfClose} now gets the EOF only if the server
 * has not begun to answer: a whole malformed request is judged on its 400.
 */
class HalfCloseOnlyWhereTestedTest {

    @Test
    void aWholeMalformedRequestIsJudgedOnItsAnswerNotOnTheKitsEof() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String template = "\"" + java + "\" -cp \"" + System.getProperty("java.class.path") + "\" "
                + EofDroppingServer.class.getName() + " {socket}";
        KitSettings settings = KitSettings.fromProperties(Map.of("ctlsock.target", template, "ctlsock.name",
                "eof-dropping")::get);
        String json = "{\"about\": \"test\", \"vectors\": [{\"name\": \"a header line without colon\", "
                + "\"clause\": \"4.3.5\", \"request\": \"GET /fail HTTP/1.1\\r\\nHost: x\\r\\nNoColon\\r\\n\\r\\n\", "
                + "\"halfClose\": true, \"expect\": {\"status\": [400], \"orClose\": false}}]}";
        Vector v = VectorFiles.parse("test.json", json.getBytes(StandardCharsets.UTF_8), true).get(0);
        try (TargetSession target = new TargetSession(settings)) {
            assertThatCode(() -> VectorCheck.runCorpus(v, target)).as("the vector against a server that answers "
                    + "400 unless the client's EOF comes first").doesNotThrowAnyException();
        }
    }
}
