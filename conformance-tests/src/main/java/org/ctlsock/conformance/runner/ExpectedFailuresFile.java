package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.Descriptor;
import org.ctlsock.conformance.implementation.ExpectedFailure;

/**
 * Reads an expected-failures file ({@code --expected-failures FILE}): a JSON array of
 * {@code {"clause": "4.2.2", "reason": "…", "link": "…"}}, exactly the shape of a descriptor's
 * {@code expectedFailures} member (spec 8.3.1). It is validated by the descriptor reader itself, so the
 * two can never disagree on what is allowed: the array is wrapped in a minimal descriptor and read
 * with {@link Descriptor#read}. On top of that, every clause must exist in the spec the kit checks (a
 * typo would otherwise hide a real failure as "known").
 */
public final class ExpectedFailuresFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpectedFailuresFile() {
    }

    public static Map<String, ExpectedFailure> read(Path file, SpecCatalog spec) {
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
        Map<String, ExpectedFailure> failures;
        Path wrapper = null;
        try {
            wrapper = Files.createTempFile("ctlsock-expected-failures", ".json");
            ObjectNode d = JSON.createObjectNode().put("name", "expected-failures").put("command", "x {socket}");
            d.set("expectedFailures", list);
            Files.write(wrapper, JSON.writeValueAsBytes(d));
            failures = Descriptor.read(wrapper).expectedFailures();
        } catch (IOException e) {
            throw new KitError(where + "cannot check it: " + e.getMessage(), e);
        } catch (KitError e) {
            throw new UsageError(where + e.getMessage().replaceFirst("^descriptor [^:]*: ", ""));
        } finally {
            if (wrapper != null) {
                try {
                    Files.deleteIfExists(wrapper);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
        for (ExpectedFailure f : failures.values()) {
            if (spec.find(f.clause()).isEmpty()) {
                throw new UsageError(where + "clause " + f.clause() + " does not exist in spec " + spec.version());
            }
        }
        return failures;
    }
}
