package org.ctlsock.conformance.clauses;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.vectors.MalformedVector;
import org.ctlsock.conformance.vectors.MalformedVectorCheck;
import org.ctlsock.conformance.vectors.MalformedVectors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The malformed-input corpus of {@code fixtures/vectors/malformed/}: one container per file (a family),
 * one case per vector, named {@code [clause] name (also …)} so the report files it under its clause.
 * Each case sends its bytes on a fresh connection, checks the outcomes the spec allows, and then that
 * the server still answers a normal request on a new connection; a vector that kills the server fails,
 * and the next one gets a fresh server.
 */
@ConformanceTest
class MalformedCorpusTest {

    @TestFactory
    Stream<DynamicNode> malformedCorpus(TargetSession target) {
        KitSettings settings = target.settings();
        Map<String, List<MalformedVector>> files = MalformedVectors.load();
        return files.entrySet().stream().map(file -> DynamicContainer.dynamicContainer(file.getKey(),
                file.getValue().stream()
                        .filter(v -> settings.selects(v.base().clause(),
                                SpecCatalog.bundled().get(v.base().clause()).level()))
                        .map(v -> DynamicTest.dynamicTest(v.displayName(), () -> MalformedVectorCheck.run(v, target)))));
    }
}
