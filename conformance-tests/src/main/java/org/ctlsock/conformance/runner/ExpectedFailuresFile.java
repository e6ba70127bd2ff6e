package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.implementation.Descriptor;
import org.ctlsock.conformance.implementation.ExpectedFailure;

/**
 * Reads an expected-failures file ({@code --expected-failures FILE}): a JSON array of
 * {@code {"clause": "4.2.2", "reason": "…", "link": "…"}}, exactly the shape of a descriptor's
 * {@code expectedFailures} member (spec 8.3.1). It is validated by the descriptor reader's own code
 * ({@link Descriptor#expectedFailures}), so the two can never disagree on what is allowed; that code also
 * rejects a clause the spec does not have (a typo would otherwise hide a real failure as "known").
 */
public final class ExpectedFailuresFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpectedFailuresFile() {
    }

    public static Map<String, ExpectedFailure> read(Path file) {
        String where = "expected-failures file " + file + ": ";
        JsonNode list;
        try {
            list = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UsageError(where + "cannot read it as JSON: " + e.getMessage());
        }
        if (list == null || !list.isArray()) {
            throw new UsageError(where + "must be a JSON array of {\"clause\", \"reason\", \"link\"} objects "
                    + "(the shape of a descriptor's \"expectedFailures\")");
        }
        try {
            return Descriptor.expectedFailures(list, where);
        } catch (KitError e) {
            throw new UsageError(e.getMessage());
        }
    }
}
