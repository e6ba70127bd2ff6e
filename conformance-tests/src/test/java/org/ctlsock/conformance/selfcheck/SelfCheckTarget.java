package org.ctlsock.conformance.selfcheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One implementation the self-check runs the kit against, and what the kit must say about it.
 *
 * @param kind CORRECT (every MUST met: exit 0), BROKEN (must fail, naming the clauses it breaks), or
 *     DESIGN (the blog design: only its expected failures, so exit 0 with KNOWN-FAIL)
 * @param kitArgs the target and selection words for the kit's command line
 * @param breaks the clauses a broken server names in its descriptor (its expected failures)
 * @param requires the programs it needs on the PATH
 */
record SelfCheckTarget(String name, Kind kind, List<String> kitArgs, List<String> breaks, List<String> requires) {
    enum Kind { CORRECT, BROKEN, DESIGN }

    static List<String> stringList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("clause").asText()));
        return out;
    }

    static Path descriptorDir(Path descriptor) {
        return descriptor.toAbsolutePath().getParent();
    }
}
