package org.ctlsock.conformance.clauses;

import java.util.stream.Stream;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The malformed-input corpus of {@code fixtures/vectors/malformed/}, every family but the cut-off requests (those
 * are {@link MalformedCorpusCutOffFirstHalfTest} and {@link MalformedCorpusCutOffSecondHalfTest}, see
 * {@link MalformedCorpusCases} for why). Each case sends its bytes on a fresh connection, checks the outcomes the
 * spec allows, and then that the server still answers a normal request on a new connection; a vector that kills
 * the server fails, and the next one gets a fresh server.
 */
@ConformanceTest
class MalformedCorpusTest {

    @TestFactory
    Stream<DynamicNode> malformedCorpus(TargetSession target) {
        return MalformedCorpusCases.answeredFamilies(target);
    }
}
