package org.ctlsock.conformance.implementation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.process.CommandTemplate;

/**
 * Everything a kit run is configured with: which target (launched from a command template or a
 * descriptor, or attached to a running socket), what it claims, what the run selects, and where the
 * report goes. Read by {@link #from} from the {@link Setting}s as the command line and the {@code ctlsock.*}
 * properties give them (a plain JUnit run: JUnit configuration parameters, which fall back to system properties);
 * a run holds its settings in its {@link org.ctlsock.conformance.KitRun}, never in a static field.
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

    /** Reads the {@code ctlsock.*} properties alone (a plain JUnit run: no command line, and no report by default). */
    public static KitSettings fromProperties(Function<String, String> props) {
        return from(SettingValues.parse(props));
    }

    /**
     * Reads the settings of a run, from whichever source gave each ({@link SettingValues}); a wrong value is a
     * {@link KitError} that names its source. At most one of the target settings may be given; with none, the
     * target is the reference server jar that the property {@code ctlsock.server.jar} names.
     */
    public static KitSettings from(SettingValues v) {
        List<String> targets = Stream.of(Setting.TARGET, Setting.DESCRIPTOR, Setting.SOCKET).filter(v::given)
                .map(v::source).toList();
        if (targets.size() > 1) {
            throw new KitError("give only one of --target, --descriptor and --socket (given: "
                    + String.join(", ", targets) + ")");
        }
        String caps = v.get(Setting.CAPABILITIES);
        String capsSource = v.source(Setting.CAPABILITIES);
        String name = v.get(Setting.NAME);
        Target t;
        if (v.given(Setting.DESCRIPTOR)) {
            if (caps != null) {
                throw new KitError(capsSource + " cannot be combined with " + v.source(Setting.DESCRIPTOR)
                        + ": list them in the descriptor's \"capabilities\" member");
            }
            Path file = Path.of(v.get(Setting.DESCRIPTOR)).toAbsolutePath();
            Descriptor d = Descriptor.read(file);
            t = Target.of(d, d.capabilities(), "descriptor " + file.normalize() + ": " + d.command(), null);
        } else if (v.given(Setting.TARGET)) {
            String template = v.get(Setting.TARGET);
            t = Target.claiming(Mode.LAUNCH, name != null ? name : "target", parseTemplate(template), null,
                    "command " + template, caps, capsSource);
        } else if (v.given(Setting.SOCKET)) {
            Path socket = Path.of(v.get(Setting.SOCKET)).toAbsolutePath();
            t = Target.claiming(Mode.ATTACH, name != null ? name : "attached", null, socket,
                    "running server on " + socket, caps, capsSource);
        } else {
            String jar = v.property("ctlsock.server.jar");
            if (jar == null) {
                throw new KitError("no target: give -Dctlsock.descriptor=FILE, -Dctlsock.target=\"COMMAND {socket}\" "
                        + "or -Dctlsock.socket=PATH (or -Dctlsock.server.jar for the reference server)");
            }
            Path referenceJar = Path.of(jar).toAbsolutePath().normalize();
            // The reference server's own descriptor (server/ctlsock.json, inside the kit), whose {dir} is the
            // server module: the jar is {dir}/target/ctlsock-server.jar.
            Path serverDir = referenceJar.getParent() == null || referenceJar.getParent().getParent() == null
                    ? Path.of("/") : referenceJar.getParent().getParent();
            Descriptor d = Descriptor.referenceServer(serverDir);
            t = Target.of(d, caps == null ? d.capabilities() : parseCapabilities(caps, capsSource),
                    "reference server descriptor (server/ctlsock.json) with {dir} = " + serverDir + ": " + d.command(),
                    referenceJar);
        }
        // Read by the descriptor's own code, which rejects a clause the spec does not have; replaces the target's.
        Map<String, ExpectedFailure> expectedFailures = v.given(Setting.EXPECTED_FAILURES)
                ? Descriptor.readExpectedFailures(Path.of(v.get(Setting.EXPECTED_FAILURES))) : t.expectedFailures();
        String report = v.get(Setting.REPORT_DIR);
        return new KitSettings(t.mode, t.name, t.command, t.commandDir, t.socket, t.capabilities, t.commandsAssumed,
                expectedFailures, t.requires, Timeouts.scaled(v.typed(Setting.TIMEOUT_SCALE)), v.flag(Setting.STRICT),
                v.flag(Setting.LONG_WAITS), new RunCeiling(v.typed(Setting.MAX_RUN_TIME)),
                report == null ? null : Path.of(report).toAbsolutePath(), selectedClauses(v), selectedLevels(v),
                t.describedAs, t.referenceJar, v.typed(Setting.RACE_ROUNDS), v.typed(Setting.FUZZ_TRIES),
                v.get(Setting.FUZZ_SEED));
    }

    /** The levels selected, each one of the spec's. */
    private static Set<Level> selectedLevels(SettingValues v) {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String word : v.list(Setting.LEVELS)) {
            String level = word.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
            try {
                levels.add(Level.valueOf(level));
            } catch (IllegalArgumentException e) {
                throw new KitError(v.source(Setting.LEVELS) + " " + level
                        + ": not one of MUST, MUST_NOT, SHOULD, SHOULD_NOT, MAY");
            }
        }
        return levels;
    }

    /** The clause ids and prefixes selected: each must name a clause of the spec (a typo would select nothing). */
    private static List<String> selectedClauses(SettingValues v) {
        SpecCatalog spec = SpecCatalog.bundled();
        for (String c : v.list(Setting.CLAUSES)) {
            boolean known = spec.all().stream().anyMatch(k -> k.id().equals(c) || k.id().startsWith(c + "."));
            if (!c.matches("\\d+(\\.\\d+){0,2}") || !known) {
                throw new KitError(v.source(Setting.CLAUSES) + " " + c + ": no clause of spec " + spec.version()
                        + " has this id or prefix (e.g. 4, 4.2 or 4.2.1)");
            }
        }
        return v.list(Setting.CLAUSES);
    }

    /** A list of spec names; {@code none} is the empty list (the socket profile, spec 8.5). */
    static Set<Capability> parseCapabilities(String list, String source) {
        return SettingValues.split(list).stream().filter(name -> !name.equals("none") && !name.equals(NOT_COMMANDS))
                .map(name -> Capability.bySpecName(name).orElseThrow(() -> new KitError("unknown capability \"" + name
                        + "\" in " + source + " (known: " + Capability.knownNames() + "; none, " + NOT_COMMANDS + ")")))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
    }

    /** In a --capabilities list: the target does not serve the conformance commands (it is judged by spec 8.5). */
    public static final String NOT_COMMANDS = "-commands";
    /** A copy with another expected-failures list (the harness's own tests, which judge outcomes by it). */
    public KitSettings withExpectedFailures(Map<String, ExpectedFailure> failures) {
        return new KitSettings(mode, targetName, command, commandDir, socket, capabilities, commandsAssumed,
                new LinkedHashMap<>(failures), requires, timeouts, strict, longWaits, ceiling, reportDir,
                clauseSelection, levelSelection, describedAs, referenceJar, raceRounds, fuzzTries, fuzzSeed);
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
     * Why the target cannot run here: the first program it requires (descriptor member {@code requires}) that is
     * not on the PATH, named in the message both the runner's refusal and {@link #checkLaunchable()} give.
     */
    public Optional<String> missingProgram() {
        return requires.stream().filter(p -> !onPath(p)).findFirst()
                .map(p -> "the target requires \"" + p + "\", which is not on the PATH");
    }

    /**
     * Why the target's own program (the command's first word) cannot be run at all: not on the PATH, or no
     * executable file. Then no case need start it: a mistyped command would fail every case one by one, and the
     * cases that watch a start fail (exit status 127 before the socket appeared) would blame the target.
     */
    public Optional<String> unrunnableCommand() {
        if (mode != Mode.LAUNCH || command == null) {
            return Optional.empty();
        }
        String program = command.expand(Path.of("ctl.sock"), commandDir).get(0);
        if (onPath(program)) {
            return Optional.empty();
        }
        return Optional.of((program.contains("/") ? "the target's program " + program
                + " is no executable file" : "the target's program \"" + program + "\" is not on the PATH")
                + " (the first word of the command template " + command + "), so no case can start it");
    }

    /**
     * Before the kit starts an instance: N/A when a program the target requires is not on the PATH; a kit error
     * when the default target, the reference server, is not built.
     */
    public void checkLaunchable() {
        missingProgram().ifPresent(why -> {
            throw new NotApplicable(why);
        });
        if (referenceJar != null && !Files.isRegularFile(referenceJar)) {
            throw new KitError("the reference server jar " + referenceJar + " does not exist: build it "
                    + "with `mvn -B -q -pl server package -DskipTests`, or point the kit at a target with "
                    + "-Dctlsock.descriptor / -Dctlsock.target / -Dctlsock.socket");
        }
    }

    /** The target's part of the settings, as {@link #from} reads it from the one target setting given. */
    private record Target(Mode mode, String name, CommandTemplate command, Path commandDir, Path socket,
            Set<Capability> capabilities, boolean commandsAssumed, Map<String, ExpectedFailure> expectedFailures,
            List<String> requires, String describedAs, Path referenceJar) {
        /** Launches the target a descriptor describes, with its expected failures and requirements. */
        static Target of(Descriptor d, Set<Capability> capabilities, String describedAs, Path referenceJar) {
            return new Target(Mode.LAUNCH, d.name(), d.command(), d.dir(), null, capabilities, false,
                    d.expectedFailures(), d.requires(), describedAs, referenceJar);
        }

        /**
         * A --target/--socket target with the capabilities it claims: {@code commands} is assumed (a server made for
         * the spec serves them) unless the list is {@code none} or holds {@code -commands}; the others are as listed.
         */
        static Target claiming(Mode mode, String name, CommandTemplate command, Path socket, String describedAs,
                String list, String source) {
            Set<Capability> capabilities = parseCapabilities(list, source);
            List<String> words = SettingValues.split(list);
            boolean assumed = false;
            if (!words.contains("none") && !words.contains(NOT_COMMANDS)) {
                assumed = !words.contains(Capability.COMMANDS.specName());
                capabilities.add(Capability.COMMANDS);
            }
            return new Target(mode, name, command, Path.of("").toAbsolutePath(), socket, capabilities, assumed,
                    new LinkedHashMap<>(), List.of(), describedAs, null);
        }
    }

    /**
     * A command template (spec 8.2.1), split by the one tokenizer of {@link CommandTemplate}, with the kit's rule
     * that it must say where the socket goes; one the kit cannot use is a {@link KitError} (a configuration problem,
     * not a verdict).
     */
    public static CommandTemplate parseTemplate(String template) {
        try {
            return CommandTemplate.parse(template).requireSocket();
        } catch (IllegalArgumentException e) {
            throw new KitError(e.getMessage(), e);
        }
    }

    /** Whether a program is on the PATH (for the descriptor's {@code requires}). */
    public static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Arrays.stream(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
