package org.ctlsock.conformance.clauses;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.vectors.Vector;
import org.ctlsock.conformance.vectors.VectorCheck;
import org.ctlsock.conformance.vectors.VectorFiles;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The language-neutral request/response vectors of {@code fixtures/vectors/}: one container per file, one
 * case per vector, each named {@code [clause] name} so the report files it under its clause.
 */
@ConformanceTest
class SharedVectorsTest {

    @TestFactory
    Stream<DynamicNode> vectors(TargetSession target) {
        KitSettings settings = target.settings();
        Map<String, List<Vector>> files = VectorFiles.load();
        return files.entrySet().stream().map(file -> DynamicContainer.dynamicContainer(file.getKey(),
                file.getValue().stream()
                        .filter(v -> settings.selects(v.clause(), SpecCatalog.bundled().get(v.clause()).level()))
                        .map(v -> DynamicTest.dynamicTest(v.displayName(), () -> VectorCheck.run(v, target)))));
    }
}
