package org.ctlsock.conformance.clauses;

import java.util.stream.Stream;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The second half of the malformed-input corpus's cut-off family ({@code cut-off.json}: a request cut off mid-way,
 * then the client half-closes); the other half is {@link MalformedCorpusCutOffFirstHalfTest}, the other families
 * {@link MalformedCorpusTest}. Each case waits "during" for an answer that must not come before the kit
 * half-closes, so the family runs on two threads (see {@link MalformedCorpusCases}).
 */
@ConformanceTest
class MalformedCorpusCutOffSecondHalfTest {

    @TestFactory
    Stream<DynamicNode> malformedCorpus(TargetSession target) {
        return MalformedCorpusCases.cutOffHalf(target, 1);
    }
}
