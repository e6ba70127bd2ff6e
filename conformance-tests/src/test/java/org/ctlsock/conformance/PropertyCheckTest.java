package org.ctlsock.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The property runner on its own (no target is started: the bodies below never connect): it shrinks a
 * failing input, names it and the seed in the message, replays a seed exactly, runs the tries asked for,
 * and prints nothing.
 */
class PropertyCheckTest {
    private static final Gen<List<Integer>> LISTS = SourceDSL.lists().of(SourceDSL.integers().between(0, 1000))
            .ofSizeBetween(0, 20);

    private static PropertyCheck check(String seed, int tries, Evidence caseEvidence) {
        KitSettings settings = KitSettings.fromProperties(Map.of("ctlsock.server.jar", "/x/ctlsock-server.jar")::get);
        return new PropertyCheck(new TargetSession(settings), caseEvidence, s -> { }, tries, seed,
                false, "--seed {seed}");
    }

    /** Fails for any list with an element of 500 or more: the smallest such input is [500]. */
    private static void noneAbove499(List<Integer> list) {
        assertThat(list).as("elements of %s", list).allMatch(i -> i < 500);
    }

    @Test
    void shrinksToTheSmallestFailingInputAndNamesTheSeed() {
        Evidence evidence = new Evidence();
        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> check("42", 100, evidence).forAll(LISTS, PropertyCheckTest::noneAbove499));
        assertThat(e.getMessage()).contains("the smallest failing input").contains("\n  [500]\n")
                .contains("seed 42: replay with --seed 42");
        assertThat(e.getCause()).as("the assertion of the smallest input").isInstanceOf(AssertionError.class);
        assertThat(evidence.render()).contains("-- input: [500]").contains("with seed 42");
    }

    @Test
    void aSeedReplaysTheSameTriesAndTheSameShrinking() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        AssertionError a = catchThrowableOfType(AssertionError.class, () -> check("7", 100, new Evidence())
                .forAll(LISTS, l -> { first.add(l); noneAbove499(l); }));
        AssertionError b = catchThrowableOfType(AssertionError.class, () -> check("7", 100, new Evidence())
                .forAll(LISTS, l -> { second.add(l); noneAbove499(l); }));
        assertThat(second).isEqualTo(first);
        assertThat(b.getMessage()).isEqualTo(a.getMessage());
    }

    @Test
    void runsTheTriesAskedForAndPrintsNothing() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            check(null, 37, new Evidence()).forAll(LISTS, l -> sizes.add(l.size()));
            catchThrowableOfType(AssertionError.class,
                    () -> check(null, 100, new Evidence()).forAll(LISTS, PropertyCheckTest::noneAbove499));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(sizes).hasSize(37);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aCaseThatDoesNotApplyEndsThePropertyWithoutShrinking() {
        int[] runs = {0};
        assertThatThrownBy(() -> check("1", 100, new Evidence()).forAll(LISTS, l -> {
            runs[0]++;
            throw new NotApplicable("not here");
        })).isInstanceOf(NotApplicable.class);
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void aSeedMustBeANumber() {
        assertThatThrownBy(() -> check("abc", 1, new Evidence())).isInstanceOf(KitError.class)
                .hasMessageContaining("whole number");
    }
}
