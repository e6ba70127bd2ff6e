package org.ctlsock.conformance.clauses;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.vectors.Vector;
import org.ctlsock.conformance.vectors.VectorCheck;
import org.ctlsock.conformance.vectors.VectorFiles;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The cases of the malformed-input corpus ({@code fixtures/vectors/malformed/}), for the classes that run parts
 * of it at the same time: one container per file (a family), one case per vector, named {@code [clause] name
 * (also …)} so the report files it under its clause. Every part is served by a method called
 * {@code malformedCorpus}, so a vector's case id ({@code 4.3.5/malformedCorpus[…]}) does not depend on the class
 * that runs it.
 *
 * <p>Why parts: the cases of one class run one after another on one thread (they share the class's target
 * instance), and every vector of the cut-off family waits the "during" deadline for an answer that must not come
 * (the kit half-closes only then), about 18 s in a row at the default timeouts; the other families answer in
 * well under a second each. So the answered families are one class and the cut-off family two halves.
 */
final class MalformedCorpusCases {
    /** The family of requests cut off mid-way: each of its vectors waits "during" before the kit half-closes. */
    static final String CUT_OFF = "cut-off.json";

    private MalformedCorpusCases() {
    }

    /** Every family but the cut-off one. */
    static Stream<DynamicNode> answeredFamilies(TargetSession target) {
        return cases(target, file -> !file.equals(CUT_OFF), 0, 1);
    }

    /**
     * Half {@code half} (0: the first, 1: the second) of the cut-off family, in file order. The halves are cut on
     * the whole file, before the run's selection, so a vector is always in the same half.
     */
    static Stream<DynamicNode> cutOffHalf(TargetSession target, int half) {
        return cases(target, CUT_OFF::equals, half, 2);
    }

    /** Part {@code part} of {@code parts} of each family that {@code families} accepts, selected by the run. */
    private static Stream<DynamicNode> cases(TargetSession target, Predicate<String> families, int part, int parts) {
        KitSettings settings = target.settings();
        Map<String, List<Vector>> files = VectorFiles.loadCorpus();
        return files.entrySet().stream().filter(file -> families.test(file.getKey())).map(file -> {
            List<Vector> all = file.getValue();
            List<Vector> mine = all.subList(all.size() * part / parts, all.size() * (part + 1) / parts);
            return DynamicContainer.dynamicContainer(file.getKey(), mine.stream()
                    .filter(v -> settings.selects(v.clause(),
                            SpecCatalog.bundled().get(v.clause()).level()))
                    .map(v -> DynamicTest.dynamicTest(v.displayName(), () -> VectorCheck.runCorpus(v, target))));
        });
    }
}
