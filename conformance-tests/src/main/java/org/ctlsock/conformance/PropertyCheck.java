package org.ctlsock.conformance;

import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.ctlsock.conformance.fuzz.FuzzTries;
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.NoGuidance;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;

/**
 * Runs one property-based case: QuickTheories generates the inputs from a seed and shrinks a failing one;
 * this class makes each try a case of its own (its own {@link Evidence}; a crash of the shared target
 * falsifies the try that caused it, and the next try gets a fresh target) and turns the outcome into the
 * kit's: the smallest failing input, the seed that replays it and that try's evidence. The library never
 * writes anything itself: the kit's reporter below stays silent and the message is the kit's.
 *
 * <p>A clause test takes it as a parameter, like {@link TargetSession}:
 * <pre>{@code
 * @Test @Clause("5.2.6")
 * void anyNameThatIsNoCommandIs404(PropertyCheck property, TargetSession target) {
 *     property.forAll(names(), name -> assertThat(target.get("/" + name).status()).isEqualTo(404));
 * }
 * }</pre>
 *
 * <p>The engine integration ({@link org.ctlsock.conformance.junit.KitExtension}) makes it by {@link #forCase} from
 * the run's settings, which reach every route as JUnit configuration parameters (or, failing those, system
 * properties): {@value #TRIES} ({@code --tries}, or {@code ctlsock.tries} in the Maven build), {@value #SEED}
 * ({@code --seed} / {@code -Dctlsock.seed}) and {@value #REPLAY} (how the route's user gives a seed back). A
 * {@link LaunchTries} property keeps its own small count unless the system property {@code ctlsock.tries} is given;
 * a {@link FuzzTries} property has its own count and seed.
 *
 * @param caseEvidence the evidence of the case the property is
 * @param seedSink takes the seed for the report
 * @param launches whether each try starts target processes (fewer shrinking tries; N/A in attach mode)
 * @param replayHint how a user gives the seed back, with {@code {seed}} for it
 */
public record PropertyCheck(TargetSession session, Evidence caseEvidence, Consumer<String> seedSink, int tries,
        long seed, boolean launches, String replayHint) {
    /** Tries per property. */
    public static final String TRIES = "ctlsock.property.tries";
    /** The seed of every property of the run; blank or absent: a fresh one per property. */
    public static final String SEED = "ctlsock.seed";
    /** How a failure message tells the user to replay a seed, {@code {seed}} standing for it. */
    public static final String REPLAY = "ctlsock.property.replay";

    /**
     * Shrinking tries of a property whose tries only send requests (milliseconds each). QuickTheories shrinks one
     * random draw at a time, so an input of a few hundred draws needs about this many to come down to a few.
     */
    private static final int SHRINKS_OF_REQUESTS = 2000;
    /** Shrinking tries of a property whose every try starts target processes (seconds each). */
    private static final int SHRINKS_OF_LAUNCHES = 20;
    /**
     * How long shrinking may go on at most; after it the smallest failing input found so far is reported. A
     * safety net for very slow targets, never a verdict (the property has already failed when shrinking starts).
     * On an ordinary machine the shrinking tries above end first, so that a seed replays the same shrinking.
     */
    private static final long SHRINK_BUDGET_NANOS = 60_000_000_000L;

    /** The draws of QuickTheories' boundary phase: the shape, the shrink target, the minima, the maxima. */
    private static final int BOUNDARY_DRAWS = 4;

    /** The body of a property: throws (an assertion, usually) when the input falsifies it. */
    @FunctionalInterface
    public interface Body<T> {
        void check(T input) throws Exception;
    }

    /** @param seed the seed to use, or null for a fresh one */
    PropertyCheck(TargetSession session, Evidence caseEvidence, Consumer<String> seedSink, int tries, String seed,
            boolean launches, String replayHint) {
        this(session, caseEvidence, seedSink, tries, seed == null ? freshSeed() : parseSeed(seed), launches,
                replayHint);
    }

    /** The property check of the case {@code c} is about to run, by the run's settings (see the class comment). */
    public static PropertyCheck forCase(ExtensionContext c, TargetSession session, Evidence evidence) {
        Method method = c.getRequiredTestMethod();
        String seed = c.getConfigurationParameter(SEED).filter(s -> !s.isBlank()).orElse(null);
        String replay = c.getConfigurationParameter(REPLAY).orElse("-Dctlsock.seed={seed}");
        // The kit's launcher always sets TRIES to a count it has checked.
        int tries = c.getConfigurationParameter(TRIES, Integer::parseInt)
                .orElse(SettingValues.<Integer>defaultOf(Setting.TRIES));
        LaunchTries launch = method.getAnnotation(LaunchTries.class);
        if (launch != null) {
            tries = SettingValues.parse(System::getProperty).typed(Setting.TRIES, launch.value());
        }
        if (method.isAnnotationPresent(FuzzTries.class)) {
            tries = session.settings().fuzzTries();
            if (session.settings().fuzzSeed() != null) {
                seed = session.settings().fuzzSeed();
            }
            replay = replay + " (or --fuzz-seed {seed} / -Dctlsock.fuzz.seed={seed})";
        }
        // The seed goes to the report as a report entry of this case (the launcher's listener records it).
        return new PropertyCheck(session, evidence, s -> c.publishReportEntry(KitRun.SEED, s), Math.max(1, tries),
                seed, launch != null, replay);
    }

    /**
     * Checks {@code body} against {@link #tries()} inputs of {@code gen}; on a failure, shrinks the input and
     * throws an {@link AssertionError} that shows the smallest failing input and the seed, with that try's
     * evidence in the case's.
     */
    public <T> void forAll(Gen<T> gen, Body<T> body) {
        if (launches && session.settings().isAttached()) {
            throw new NotApplicable("attach mode (-Dctlsock.socket / --socket): this property starts the target "
                    + "itself, which only a launched target allows");
        }
        seedSink.accept(Long.toString(seed));
        Tries<T> run = new Tries<>(gen, body);
        // Counts the draws, to know which inputs are the library's boundary inputs (see Tries.passes).
        Gen<T> counted = ((Gen<T>) in -> {
            run.draws++;
            return gen.generate(in);
        }).describedAs(gen::asString);
        // QuickTheories counts an input it has already tried as an example, and starts with the simplest inputs
        // (the shrink target, the minima, the maxima): it may draw more examples than there are tries, and the
        // tries stop at the count asked for.
        Strategy strategy = new Strategy(Strategy.defaultPRNG(seed), tries * 4 + 3, -1,
                launches ? SHRINKS_OF_LAUNCHES : SHRINKS_OF_REQUESTS, 10, new Silent(), prng -> new NoGuidance());
        try {
            QuickTheory.qt(() -> strategy).forAll(counted).check(run::passes);
        } finally {
            session.beginCase(caseEvidence);
        }
        caseEvidence.note("property: " + (run.ran - run.shrinkRuns) + " tries" + (run.shrinkRuns > 0 ? " and "
                + run.shrinkRuns + " shrinking tries" : "") + " with seed " + seed);
        if (run.stopped != null) {
            throw run.stopped instanceof RuntimeException r ? r : new KitError(run.stopped.toString(), run.stopped);
        }
        if (run.smallestCause == null) {
            return;
        }
        caseEvidence.note("the try with the smallest failing input follows");
        caseEvidence.include(run.smallestEvidence);
        String shown = gen.asString(run.smallest);
        String replay = replayHint.replace("{seed}", Long.toString(seed));
        throw new AssertionError("property falsified at try " + run.firstFailure + " of " + tries
                + " tries; the smallest failing input (shrunk in " + (run.falsified - 1) + " steps, " + run.shrinkRuns
                + " shrinking tries) is:\n  " + shown + "\nseed " + seed + ": replay with " + replay + "\n"
                + describe(run.smallestCause), run.smallestCause);
    }

    /** The tries of one run, as QuickTheories calls them: the first phase, then shrinking. */
    private final class Tries<T> {
        private final Gen<T> gen;
        private final Body<T> body;
        int ran;
        int firstFailure;
        int falsified;
        int shrinkRuns;
        long shrinkStarted;
        T smallest;
        Evidence smallestEvidence;
        Throwable smallestCause;
        /** An N/A or a kit error: the property ends, the remaining tries pass without running. */
        Throwable stopped;
        /** Inputs drawn so far. */
        int draws;

        Tries(Gen<T> gen, Body<T> body) {
            this.gen = gen;
            this.body = body;
        }

        boolean passes(T input) {
            if (stopped != null || (falsified == 0 && ran == tries)
                    || (falsified > 0 && System.nanoTime() - shrinkStarted > SHRINK_BUDGET_NANOS)) {
                return true; // not run: the property has ended, or shrinking has had its time
            }
            if (launches && falsified == 0 && draws <= BOUNDARY_DRAWS) {
                // QuickTheories 0.26 draws one input to learn the shape, then tries the shrink target, the minima and
                // the maxima before random ones. A request property gets these for free; a property that has only a
                // few tries of seconds each spends them on random inputs instead, as its tries were meant to be.
                return true;
            }
            ran++;
            if (falsified > 0) {
                shrinkRuns++;
            }
            Evidence evidence = new Evidence();
            evidence.note("input: " + gen.asString(input));
            session.beginCase(evidence);
            Throwable thrown = null;
            try {
                body.check(input);
            } catch (TestAbortedException | KitError e) {
                if (falsified == 0) {
                    stopped = e; // while shrinking, the failure found stands: this input just does not count
                }
            } catch (Throwable t) {
                thrown = t;
            }
            String crash = session.endCase();
            if (stopped != null || (thrown == null && crash == null)) {
                return true;
            }
            if (crash != null) {
                evidence.note("CRASH: " + crash);
                AssertionError crashed = new AssertionError("the target crashed during this try: " + crash);
                if (thrown != null) {
                    crashed.addSuppressed(thrown);
                }
                thrown = crashed;
            }
            // QuickTheories keeps a shrunk input only when it fails too, so the last failure is the smallest.
            if (falsified++ == 0) {
                firstFailure = ran;
                shrinkStarted = System.nanoTime();
            }
            smallest = input;
            smallestEvidence = evidence;
            smallestCause = thrown;
            return false;
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof AssertionError && t.getMessage() != null) {
            return t.getMessage().strip();
        }
        return "the try could not go on: " + t + Arrays.stream(t.getStackTrace()).limit(4).map(f -> "\n    at " + f)
                .collect(Collectors.joining());
    }

    private static long freshSeed() {
        // From 1: the generator's xorshift cannot use 0.
        return new SecureRandom().longs(1, 1, Long.MAX_VALUE).findFirst().orElseThrow();
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new KitError("a property seed must be a whole number (as a failure prints it), not \"" + text
                    + "\"", e);
        }
    }

    /**
     * The library's own reporter would throw its own message; the kit makes its message from what {@link Tries}
     * saw, so this one says nothing, except when the generators could not make the inputs asked for.
     */
    private final class Silent implements Reporter {
        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
                AsString<Object> toString) {
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples,
                AsString<Object> toString) {
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            throw new KitError("the generators of this property rejected too many inputs: " + completedExamples
                    + " of " + tries + " tries ran (seed " + seed + ")");
        }
    }
}
