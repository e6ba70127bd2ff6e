package org.ctlsock.conformance.selfcheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One implementation the self-check runs the kit against, and what the kit must say about it.
 *
 * @param kind CORRECT (every MUST met: exit 0), BROKEN (must fail, naming the clauses it breaks), or
 *     DESIGN (the blog design: only its expected failures, so exit 0 with KNOWN-FAIL), or UNSTARTABLE (a command
 *     that cannot run: exit 1 or 2 with a report)
 * @param kitArgs the target and selection words for the kit's command line
 * @param breaks the clauses a broken server breaks (its expected failures whose reason does not begin
 *     "follows from"); for the blog design, all its expected failures
 * @param consequences a broken server's expected failures that only follow from what it breaks (reason
 *     "follows from X: …"): listed in the matrix, not required of the kit
 * @param requires the programs it needs on the PATH
 */
record SelfCheckTarget(String name, Kind kind, List<String> kitArgs, List<String> breaks, List<String> consequences,
        List<String> requires) {
    enum Kind { CORRECT, BROKEN, DESIGN, UNSTARTABLE }

    /** How a descriptor says an expected failure is only a consequence of another one. */
    static final String CONSEQUENCE_PREFIX = "follows from";

    /** The clauses of {@code expectedFailures} whose reason does (true) or does not (false) mark a consequence. */
    static List<String> clauses(JsonNode expectedFailures, boolean consequences) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : expectedFailures) {
            boolean isConsequence = n.path("reason").asText().strip().toLowerCase().startsWith(CONSEQUENCE_PREFIX);
            if (isConsequence == consequences) {
                out.add(n.path("clause").asText());
            }
        }
        return out;
    }

    static List<String> stringList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("clause").asText()));
        return out;
    }

    static Path descriptorDir(Path descriptor) {
        return descriptor.toAbsolutePath().getParent();
    }
}
