package org.ctlsock.conformance.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The standalone kit's command line, parsed but not yet checked against the file system or the spec
 * (that is {@link RunSettingsFactory}'s job). Every option has one spelling; values follow as the next word
 * or after {@code =} ({@code --clause=4.2}).
 */
public final class CliOptions {
    /** What the invocation asks for. */
    public enum Action { RUN, LIST, HELP, VERSION }

    Action action = Action.RUN;
    String descriptor;
    String target;
    String socket;
    String capabilities;
    String name;
    final List<String> clauses = new ArrayList<>();
    final List<String> levels = new ArrayList<>();
    String caseId;
    boolean strict;
    boolean longWaits;
    Path expectedFailures;
    Path reportDir = Path.of("ctlsock-report");
    String timeoutScale;
    String maxRunTime;
    int tries = 100;
    String seed;
    String raceRounds;
    String fuzzTries;
    String fuzzSeed;
    boolean quiet;
    boolean skipHeavy;
    /** The options given on the command line (the others may come from {@code -D} properties). */
    final Set<String> given = new HashSet<>();

    /**
     * The {@code -D} property of each option that has one: a run started with {@code java -Dctlsock.clauses=4.2 -jar …}
     * or by the Maven build reads them where the command line says nothing.
     */
    static final Map<String, String> PROPERTIES = properties();

    private static Map<String, String> properties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--descriptor", "ctlsock.descriptor");
        m.put("--target", "ctlsock.target");
        m.put("--socket", "ctlsock.socket");
        m.put("--capabilities", "ctlsock.capabilities");
        m.put("--name", "ctlsock.name");
        m.put("--clause", "ctlsock.clauses");
        m.put("--level", "ctlsock.levels");
        m.put("--strict", "ctlsock.strict");
        m.put("--long-waits", "ctlsock.longWaits");
        m.put("--skip-heavy", "ctlsock.skipHeavy");
        m.put("--expected-failures", "ctlsock.expectedFailures");
        m.put("--report-dir", "ctlsock.report.dir");
        m.put("--timeout-scale", "ctlsock.timeoutScale");
        m.put("--max-run-time", "ctlsock.maxRunTime");
        m.put("--tries", "ctlsock.tries");
        m.put("--seed", "ctlsock.seed");
        m.put("--race-rounds", "ctlsock.race.rounds");
        m.put("--fuzz-tries", "ctlsock.fuzz.tries");
        m.put("--fuzz-seed", "ctlsock.fuzz.seed");
        return Map.copyOf(m);
    }

    public static final String USAGE = """
            usage: java -jar ctlsock-conformance.jar [TARGET] [options]

            Checks a ctlsock server against the spec from outside, over its Unix socket.

            TARGET (at most one; with none, the reference server of this repository through its
            descriptor server/ctlsock.json, the jar looked for at server/target/ctlsock-server.jar):
              --target "COMMAND"      start the server yourself: a command template in which the word
                                      {socket} is the socket path and {options} the capability options,
                                      e.g. --target "python3 server.py {options} {socket}" (spec 8.2.1)
              --descriptor FILE       a target descriptor (spec 8.3.1): name, command, capabilities,
                                      expectedFailures, requires
              --socket PATH           a server that is already running; cases that must start or stop
                                      the server are reported N/A

            Every option can also be given as a -D property of the JVM (java -Dctlsock.clauses=4.2 -jar …;
            the Maven build passes its -Dctlsock.* switches so): --clause is ctlsock.clauses, --level
            ctlsock.levels, --report-dir ctlsock.report.dir, a flag is "true"; see RUNNER.md for the table.
            The command line wins over a property.

            Selecting:
              --clause ID[,ID...]     only these clauses; an id or a prefix (4.2 = all of 4.2.x); repeatable
              --level LEVEL[,...]     only these levels: MUST, MUST_NOT, SHOULD, SHOULD_NOT, MAY
              --case CASE-ID          run one case (see --list) and print its full wire log
              --list                  list the cases (id, level, name) without running anything
              --skip-heavy            leave out the heavy-load cases (Section7_4_HeavyLoadTest,
                                      Section7_5_HeavyResourceFaultsTest: over 20 s on two cores)

            Judging:
              --strict                an unmet SHOULD / SHOULD NOT fails the run (default: WARN)
              --expected-failures F   a JSON array of {"clause": "4.2.2", "reason": "...", "link": "..."}:
                                      those clauses report KNOWN-FAIL; the run fails if one now passes.
                                      "case": "ID" (an id the reports print) admits just that case.
                                      Replaces the descriptor's own expectedFailures list.
              --capabilities A,B      with --target/--socket: the optional capabilities the server claims
                                      (mode, group, peercred, socket-activation, query-args, timeouts).
                                      `commands` (the command set of spec 8.1) is assumed unless the list
                                      is `none` or holds `-commands`: then only the socket profile
                                      (spec 8.5) is judged, with any HTTP answer on any path
              --name NAME             the target's name in the reports

            Running:
              --report-dir DIR        where the reports go (default ./ctlsock-report): report.json,
                                      report.md, report.html, TEST-ctlsock.xml, traceability.md
              --timeout-scale N       multiply every deadline by N (slow machines, valgrind): default 1
              --max-run-time T        the whole run's ceiling (default 15m; 90s, 15m, 1h): then, or on
                                      SIGTERM/SIGINT, no further case starts, the rest are reported
                                      "not run" and the reports are written for what ran
              --tries N               tries per property-based case (default 100); the few
                                      properties that start the server for every try keep
                                      their own small counts (-Dctlsock.tries sets those)
              --seed SEED             the seed of the property-based cases, to replay a failing run
              --race-rounds N         rounds of the socket-file race cases (default 3; CI: 50)
              --fuzz-tries N          tries of the fuzz property, mutated requests (default 200)
              --fuzz-seed SEED        the fuzz property's seed, to replay its run (it prints it)
              --long-waits            for a server that does not claim "timeouts" (9.6), wait out its
                                      own idle and read timeouts (7.3.1: up to 5 minutes each; N/A
                                      without it)
              --quiet                 no live progress, only the summary
              --version               the kit's version and the spec version it checks
              --help                  this text

            Exit status: 0 every selected MUST is met, 1 a clause fails (or an expected failure
            now passes), 2 usage error or the kit itself failed (nothing is said about the server).
            """;

    public Action action() {
        return action;
    }

    public static CliOptions parse(String... args) {
        CliOptions o = new CliOptions();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String word = rest.remove(0);
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                value = word.substring(eq + 1);
                word = word.substring(0, eq);
            }
            o.given.add(word);
            switch (word) {
                case "--help", "-h" -> o.action = Action.HELP;
                case "--version" -> o.action = Action.VERSION;
                case "--list" -> o.action = Action.LIST;
                case "--strict" -> o.strict = true;
                case "--long-waits" -> o.longWaits = true;
                case "--skip-heavy" -> o.skipHeavy = true;
                case "--quiet", "-q" -> o.quiet = true;
                default -> {
                    if (value == null) {
                        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                            throw new UsageError(word.startsWith("-") && isValued(word)
                                    ? "option " + word + " needs a value" : "unknown option " + word);
                        }
                        if (!isValued(word)) {
                            throw new UsageError("unknown option " + word);
                        }
                        value = rest.remove(0);
                    }
                    o.set(word, value);
                }
            }
        }
        return o;
    }

    /**
     * Parses the command line, then takes each option it does not give from its {@code -D} property
     * ({@link #PROPERTIES}; blank means not given). The target is one choice: a command line that names one of
     * {@code --target}, {@code --descriptor} and {@code --socket} ignores the properties of all three. An error
     * names the property it came from.
     */
    static CliOptions parse(Function<String, String> properties, String... args) {
        CliOptions o = parse(args);
        boolean targetGiven = o.given.contains("--target") || o.given.contains("--descriptor")
                || o.given.contains("--socket");
        for (Map.Entry<String, String> e : PROPERTIES.entrySet()) {
            String option = e.getKey();
            String value = properties.apply(e.getValue());
            if (o.given.contains(option) || value == null || value.isBlank()
                    || (targetGiven && List.of("--target", "--descriptor", "--socket").contains(option))) {
                continue;
            }
            try {
                switch (option) {
                    case "--strict" -> o.strict = Boolean.parseBoolean(value.strip());
                    case "--long-waits" -> o.longWaits = Boolean.parseBoolean(value.strip());
                    case "--skip-heavy" -> o.skipHeavy = Boolean.parseBoolean(value.strip());
                    default -> o.set(option, value);
                }
            } catch (UsageError u) {
                throw new UsageError(u.getMessage().replace(option, "-D" + e.getValue()));
            }
        }
        return o;
    }

    /** The source of an option's value, for messages: {@code option --timeout-scale} or {@code -Dctlsock.timeoutScale}. */
    String source(String option) {
        return given.contains(option) || !PROPERTIES.containsKey(option) ? "option " + option
                : "-D" + PROPERTIES.get(option);
    }

    /** The options that take a value. */
    static final List<String> VALUED = List.of("--descriptor", "--target", "--socket", "--capabilities", "--name",
            "--clause", "--level", "--case", "--expected-failures", "--report-dir", "--timeout-scale", "--max-run-time",
            "--tries", "--seed", "--race-rounds", "--fuzz-tries", "--fuzz-seed");
    /** The options that take none (their short forms aside). */
    static final List<String> FLAGS = List.of("--help", "--version", "--list", "--strict", "--long-waits",
            "--skip-heavy", "--quiet");

    private static boolean isValued(String word) {
        return VALUED.contains(word);
    }

    private void set(String option, String value) {
        switch (option) {
            case "--descriptor" -> descriptor = once(option, descriptor, value);
            case "--target" -> target = once(option, target, value);
            case "--socket" -> socket = once(option, socket, value);
            case "--capabilities" -> capabilities = once(option, capabilities, value);
            case "--name" -> name = once(option, name, value);
            case "--clause" -> clauses.addAll(split(value));
            case "--level" -> split(value).forEach(l -> levels.add(l.toUpperCase(Locale.ROOT).replace(' ', '_')
                    .replace('-', '_')));
            case "--case" -> caseId = once(option, caseId, value);
            case "--expected-failures" -> expectedFailures = Path.of(value);
            case "--report-dir" -> reportDir = Path.of(value);
            case "--timeout-scale" -> timeoutScale = value;
            case "--max-run-time" -> maxRunTime = value;
            case "--tries" -> {
                try {
                    tries = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    tries = -1;
                }
                if (tries < 1) {
                    throw new UsageError("--tries needs a whole number of at least 1, not \"" + value + "\"");
                }
            }
            case "--seed" -> seed = value;
            case "--race-rounds" -> raceRounds = value;
            case "--fuzz-tries" -> fuzzTries = value;
            case "--fuzz-seed" -> fuzzSeed = value;
            default -> throw new UsageError("unknown option " + option);
        }
    }

    private static String once(String option, String old, String value) {
        if (old != null) {
            throw new UsageError(option + " given twice");
        }
        if (value.isBlank()) {
            throw new UsageError(option + " needs a non-empty value");
        }
        return value;
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}
