package org.ctlsock.conformance.implementation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.spec.Level;

/**
 * Everything a kit run is configured with: which target (launched from a command template or a
 * descriptor, or attached to a running socket), what it claims, what the run selects, and where the
 * report goes. Read from {@code ctlsock.*} properties (JUnit configuration parameters, which fall back to system
 * properties), or built in code; a run holds its settings in its {@link org.ctlsock.conformance.KitRun}, never in a
 * static field.
 *
 * @param command the command template (launch mode only)
 * @param commandDir what {@code {dir}} stands for: the descriptor's directory, else the kit's working directory
 * @param socket the socket of a running server (attach mode only)
 * @param commandsAssumed true when the target was named by {@code --target}/{@code --socket} and {@code commands}
 *     is claimed only because the kit assumes it there (no {@code --capabilities none} or {@code -commands}): the
 *     run header says so
 * @param strict with {@code -Dctlsock.strict=true} an unmet SHOULD fails the run instead of warning
 * @param longWaits with {@code -Dctlsock.longWaits=true} ({@code --long-waits}) the cases that must wait out the
 *     target's own timeouts (7.3.1, up to 5 minutes each) run instead of being N/A
 * @param ceiling the run's ceiling, and the switch that stops it early (one per run: copies of these settings
 *     share it)
 * @param reportDir where the report goes; null when no report is wanted (e.g. the harness's own unit tests)
 * @param describedAs one line that says what is being tested, for reports
 * @param referenceJar the reference server's jar, when the target is the default one; else null
 * @param raceRounds rounds of the race cases ({@code --race-rounds}, {@code -Dctlsock.race.rounds}; 3, the Maven
 *     profile {@code race} 50)
 * @param fuzzTries tries of the fuzz property ({@code --fuzz-tries}, {@code -Dctlsock.fuzz.tries}; the profile
 *     {@code fuzz} 10000)
 * @param fuzzSeed the fuzz property's seed to replay ({@code --fuzz-seed}, {@code -Dctlsock.fuzz.seed}), or null
 */
public record KitSettings(Mode mode, String targetName, CommandTemplate command, Path commandDir, Path socket,
        Set<Capability> capabilities, boolean commandsAssumed, Map<String, ExpectedFailure> expectedFailures,
        List<String> requires, Timeouts timeouts, boolean strict, boolean longWaits, RunCeiling ceiling, Path reportDir,
        List<String> clauseSelection, Set<Level> levelSelection, String describedAs, Path referenceJar, int raceRounds,
        int fuzzTries, String fuzzSeed) {
    /** How the kit reaches the target. */
    public enum Mode {
        /** The kit starts the target itself from a command template, as many times as it needs. */
        LAUNCH,
        /** The target is already running on a socket; the kit cannot start, stop or restart it. */
        ATTACH
    }

    private KitSettings(Builder b) {
        this(b.mode, b.targetName, b.command, b.commandDir, b.socket, b.capabilities, b.commandsAssumed,
                b.expectedFailures, b.requires, Timeouts.scaled(b.timeoutScale), b.strict, b.longWaits,
                b.ceiling != null ? b.ceiling : new RunCeiling(RunCeiling.DEFAULT), b.reportDir, b.clauseSelection,
                b.levelSelection, b.describedAs, b.referenceJar, b.raceRounds, b.fuzzTries, b.fuzzSeed);
    }

    /**
     * Reads the {@code ctlsock.*} properties. At most one of {@code ctlsock.descriptor},
     * {@code ctlsock.target} and {@code ctlsock.socket} may be given; with none, the target is the
     * reference server jar named by {@code ctlsock.server.jar}.
     */
    public static KitSettings fromProperties(Function<String, String> props) {
        Builder b = new Builder();
        String descriptor = blankToNull(props.apply("ctlsock.descriptor"));
        String target = blankToNull(props.apply("ctlsock.target"));
        String socket = blankToNull(props.apply("ctlsock.socket"));
        int given = (descriptor != null ? 1 : 0) + (target != null ? 1 : 0) + (socket != null ? 1 : 0);
        if (given > 1) {
            throw new KitError("give only one of -Dctlsock.descriptor, -Dctlsock.target and -Dctlsock.socket");
        }
        String caps = blankToNull(props.apply("ctlsock.capabilities"));
        if (descriptor != null) {
            if (caps != null) {
                throw new KitError("-Dctlsock.capabilities cannot be combined with a descriptor: list them in its "
                        + "\"capabilities\" member");
            }
            Descriptor d = Descriptor.read(Path.of(descriptor));
            b.fromDescriptor(d, "descriptor " + Path.of(descriptor).toAbsolutePath().normalize() + ": " + d.command());
        } else if (target != null) {
            b.mode = Mode.LAUNCH;
            b.command = CommandTemplate.parse(target);
            b.commandDir = Path.of("").toAbsolutePath();
            b.targetName = firstNonNull(blankToNull(props.apply("ctlsock.name")), "target");
            b.claimed(caps);
            b.describedAs = "command " + target;
        } else if (socket != null) {
            b.mode = Mode.ATTACH;
            b.socket = Path.of(socket).toAbsolutePath();
            b.targetName = firstNonNull(blankToNull(props.apply("ctlsock.name")), "attached");
            b.claimed(caps);
            b.describedAs = "running server on " + b.socket;
        } else {
            String jar = props.apply("ctlsock.server.jar");
            if (jar == null) {
                throw new KitError("no target: give -Dctlsock.descriptor=FILE, -Dctlsock.target=\"COMMAND {socket}\" "
                        + "or -Dctlsock.socket=PATH (or -Dctlsock.server.jar for the reference server)");
            }
            b.referenceJar = Path.of(jar).toAbsolutePath().normalize();
            // The reference server's own descriptor (server/ctlsock.json, inside the kit), whose {dir} is the
            // server module: the jar is {dir}/target/ctlsock-server.jar.
            Path serverDir = b.referenceJar.getParent() == null || b.referenceJar.getParent().getParent() == null
                    ? Path.of("/") : b.referenceJar.getParent().getParent();
            Descriptor d = Descriptor.referenceServer(serverDir);
            b.fromDescriptor(d, "reference server descriptor (server/ctlsock.json) with {dir} = " + serverDir + ": "
                    + d.command());
            if (caps != null) {
                b.capabilities = parseCapabilities(caps);
            }
        }
        String scale = blankToNull(props.apply("ctlsock.timeoutScale"));
        if (scale != null) {
            try {
                b.timeoutScale = Double.parseDouble(scale);
            } catch (NumberFormatException e) {
                b.timeoutScale = -1;
            }
            if (!(b.timeoutScale > 0 && b.timeoutScale < 1000)) {
                throw new KitError("-Dctlsock.timeoutScale must be a number above 0, not \"" + scale + "\"");
            }
        }
        b.raceRounds = positive(props.apply("ctlsock.race.rounds"), "ctlsock.race.rounds", b.raceRounds);
        b.fuzzTries = positive(props.apply("ctlsock.fuzz.tries"), "ctlsock.fuzz.tries", b.fuzzTries);
        b.fuzzSeed = blankToNull(props.apply("ctlsock.fuzz.seed"));
        b.strict = Boolean.parseBoolean(props.apply("ctlsock.strict"));
        b.longWaits = Boolean.parseBoolean(props.apply("ctlsock.longWaits"));
        String maxRunTime = blankToNull(props.apply("ctlsock.maxRunTime"));
        try {
            b.ceiling = new RunCeiling(maxRunTime == null ? RunCeiling.DEFAULT : RunCeiling.parse(maxRunTime));
        } catch (IllegalArgumentException e) {
            throw new KitError("-Dctlsock.maxRunTime must be " + e.getMessage());
        }
        String report = blankToNull(props.apply("ctlsock.report.dir"));
        b.reportDir = report == null ? null : Path.of(report).toAbsolutePath();
        b.clauseSelection = splitList(props.apply("ctlsock.clauses"));
        for (String level : splitList(props.apply("ctlsock.levels"))) {
            b.levelSelection.add(Level.fromText(level.replace('-', '_').toUpperCase(java.util.Locale.ROOT)
                    .replace("MUST NOT", "MUST_NOT").replace("SHOULD NOT", "SHOULD_NOT")));
        }
        return new KitSettings(b);
    }

    private static int positive(String text, String property, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new KitError("-D" + property + " must be a whole number of at least 1, not \"" + text + "\"");
    }

    /** A list of spec names; {@code none} is the empty list (the socket profile, spec 8.5). */
    static Set<Capability> parseCapabilities(String list) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (String name : splitList(list)) {
            if (name.equals("none") || name.equals(NOT_COMMANDS)) {
                continue;
            }
            out.add(Capability.bySpecName(name).orElseThrow(() -> new KitError("unknown capability \"" + name
                    + "\" in -Dctlsock.capabilities (known: " + Capability.knownNames() + "; none, " + NOT_COMMANDS
                    + ")")));
        }
        return out;
    }

    /** In a --capabilities list: the target does not serve the conformance commands (it is judged by spec 8.5). */
    static final String NOT_COMMANDS = "-commands";

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** A copy with another expected-failures list (an --expected-failures file replaces the descriptor's). */
    public KitSettings withExpectedFailures(Map<String, ExpectedFailure> failures) {
        return new KitSettings(mode, targetName, command, commandDir, socket, capabilities, commandsAssumed,
                new LinkedHashMap<>(failures), requires, timeouts, strict, longWaits, ceiling, reportDir,
                clauseSelection, levelSelection, describedAs, referenceJar, raceRounds, fuzzTries, fuzzSeed);
    }

    /** A copy with another report directory and selection, for KitRunner. */
    public KitSettings withRun(Path reportDir, List<String> clauses, Set<Level> levels) {
        return new KitSettings(mode, targetName, command, commandDir, socket, capabilities, commandsAssumed,
                expectedFailures, requires, timeouts, strict, longWaits, ceiling, reportDir, List.copyOf(clauses),
                levels.isEmpty() ? EnumSet.noneOf(Level.class) : EnumSet.copyOf(levels), describedAs, referenceJar,
                raceRounds, fuzzTries, fuzzSeed);
    }

    /** Whether a clause is selected by {@code ctlsock.clauses} (ids or prefixes) and {@code ctlsock.levels}. */
    public boolean selects(String clauseId, Level level) {
        boolean idOk = clauseSelection.isEmpty() || clauseSelection.stream()
                .anyMatch(p -> clauseId.equals(p) || clauseId.startsWith(p.endsWith(".") ? p : p + "."));
        return idOk && (levelSelection.isEmpty() || levelSelection.contains(level));
    }

    public boolean isAttached() {
        return mode == Mode.ATTACH;
    }

    public boolean claims(Capability c) {
        return capabilities.contains(c);
    }

    /**
     * The expected failure that covers a case: the entry for that very case, else the one for its clause.
     *
     * @param caseId the case's id as the reports print it (may be null)
     */
    public ExpectedFailure expectedFailureOf(String caseId, String clause) {
        ExpectedFailure e = caseId == null ? null : expectedFailures.get(caseId);
        return e != null ? e : expectedFailures.get(clause);
    }

    /**
     * Before the kit starts an instance: N/A when a program the target requires is not on the PATH; a kit error
     * when the default target, the reference server, is not built.
     */
    public void checkLaunchable() {
        for (String program : requires) {
            if (!onPath(program)) {
                throw new NotApplicable("the target requires \"" + program + "\", which is not on the PATH");
            }
        }
        if (referenceJar != null && !Files.isRegularFile(referenceJar)) {
            throw new KitError("the reference server jar " + referenceJar + " does not exist: build it "
                    + "with `mvn -B -q -pl server package -DskipTests`, or point the kit at a target with "
                    + "-Dctlsock.descriptor / -Dctlsock.target / -Dctlsock.socket");
        }
    }

    /** Settings built in code (tests of the harness, KitRunner callers). */
    public static final class Builder {
        private Mode mode = Mode.LAUNCH;
        private String targetName = "target";
        private CommandTemplate command;
        private Path commandDir = Path.of("").toAbsolutePath();
        private Path socket;
        /** Settings built in code judge a target that serves the commands, as before spec 1.1's socket profile. */
        private Set<Capability> capabilities = EnumSet.of(Capability.COMMANDS);
        private boolean commandsAssumed;
        private Map<String, ExpectedFailure> expectedFailures = new LinkedHashMap<>();
        private List<String> requires = List.of();
        private double timeoutScale = 1.0;
        private boolean strict;
        private boolean longWaits;
        private RunCeiling ceiling;
        private Path reportDir;
        private List<String> clauseSelection = List.of();
        private Set<Level> levelSelection = EnumSet.noneOf(Level.class);
        private String describedAs = "";
        private Path referenceJar;
        private int raceRounds = 3;
        private int fuzzTries = 200;
        private String fuzzSeed;

        /**
         * The capabilities of a --target/--socket run: {@code commands} is assumed (a server made for the spec
         * serves them) unless the list is {@code none} or holds {@code -commands}; the others are as listed.
         */
        void claimed(String list) {
            capabilities = parseCapabilities(list == null ? "" : list);
            List<String> words = splitList(list == null ? "" : list);
            if (!words.contains("none") && !words.contains(NOT_COMMANDS)) {
                commandsAssumed = !words.contains(Capability.COMMANDS.specName());
                capabilities.add(Capability.COMMANDS);
            }
        }

        /** Launches the target a descriptor describes, with its capabilities, expected failures and requirements. */
        Builder fromDescriptor(Descriptor d, String describedAs) {
            mode = Mode.LAUNCH;
            targetName = d.name();
            command = d.command();
            commandDir = d.dir();
            capabilities = d.capabilities();
            expectedFailures = d.expectedFailures();
            requires = d.requires();
            this.describedAs = describedAs;
            return this;
        }

        public Builder launch(String name, String template, Path dir) {
            mode = Mode.LAUNCH;
            targetName = name;
            command = CommandTemplate.parse(template);
            commandDir = dir;
            describedAs = "command " + template;
            return this;
        }

        public Builder capabilities(Set<Capability> caps) {
            capabilities = caps.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(caps);
            return this;
        }

        public Builder expectedFailures(Map<String, ExpectedFailure> failures) {
            expectedFailures = new LinkedHashMap<>(failures);
            return this;
        }

        public Builder timeoutScale(double scale) {
            timeoutScale = scale;
            return this;
        }

        public Builder strict(boolean s) {
            strict = s;
            return this;
        }

        public Builder reportDir(Path dir) {
            reportDir = dir;
            return this;
        }

        public KitSettings build() {
            if (mode == Mode.LAUNCH && command == null) {
                throw new KitError("no command template");
            }
            return new KitSettings(this);
        }
    }

    /** Whether a program is on the PATH (for the descriptor's {@code requires}). */
    public static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
