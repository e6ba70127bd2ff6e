package org.ctlsock.conformance.implementation;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of the kit's settings: each one's command-line option, its {@code -D} property (the Maven build
 * passes its {@code -Dctlsock.*} switches so), how often it may be given, and its line of {@code --help}, in the
 * order {@code --help} lists them. {@link SettingValues} reads both sources by this table and {@link #usage()}
 * is generated from it, so the parser, the properties and the help text cannot drift apart.
 */
public enum Setting {
    TARGET("--target", "\"COMMAND\"", "ctlsock.target", Arity.ONCE,
            "start the server yourself: a command template in which the word",
            "{socket} is the socket path and {options} the capability options,",
            "e.g. --target \"python3 server.py {options} {socket}\" (spec 8.2.1)"),
    DESCRIPTOR("--descriptor", "FILE", "ctlsock.descriptor", Arity.ONCE,
            "a target descriptor (spec 8.3.1): name, command, capabilities,",
            "expectedFailures, requires"),
    SOCKET("--socket", "PATH", "ctlsock.socket", Arity.ONCE,
            "a server that is already running; cases that must start or stop",
            "the server are reported N/A"),
    CLAUSES("--clause", "ID[,ID...]", "ctlsock.clauses", Arity.LIST,
            "only these clauses; an id or a prefix (4.2 = all of 4.2.x); repeatable"),
    LEVELS("--level", "LEVEL[,...]", "ctlsock.levels", Arity.LIST,
            "only these levels: MUST, MUST_NOT, SHOULD, SHOULD_NOT, MAY"),
    CASE("--case", "CASE-ID", null, Arity.ONCE, "run one case (see --list) and print its full wire log"),
    LIST("--list", null, null, Arity.FLAG, "list the cases (id, level, name) without running anything"),
    SKIP_HEAVY("--skip-heavy", null, "ctlsock.skipHeavy", Arity.FLAG,
            "leave out the heavy-load cases (Section7_4_HeavyLoadTest,",
            "Section7_5_HeavyResourceFaultsTest: over 20 s on two cores)"),
    STRICT("--strict", null, "ctlsock.strict", Arity.FLAG,
            "an unmet SHOULD / SHOULD NOT fails the run (default: WARN)"),
    EXPECTED_FAILURES("--expected-failures", "F", "ctlsock.expectedFailures", Arity.LAST,
            "a JSON array of {\"clause\": \"4.2.2\", \"reason\": \"...\", \"link\": \"...\"}:",
            "those clauses report KNOWN-FAIL; the run fails if one now passes.",
            "\"case\": \"ID\" (an id the reports print) admits just that case.",
            "Replaces the descriptor's own expectedFailures list."),
    CAPABILITIES("--capabilities", "A,B", "ctlsock.capabilities", Arity.ONCE,
            "with --target/--socket: the optional capabilities the server claims",
            "(mode, group, peercred, socket-activation, query-args, timeouts).",
            "`commands` (the command set of spec 8.1) is assumed unless the list",
            "is `none` or holds `-commands`: then only the socket profile",
            "(spec 8.5) is judged, with any HTTP answer on any path"),
    NAME("--name", "NAME", "ctlsock.name", Arity.ONCE, "the target's name in the reports"),
    REPORT_DIR("--report-dir", "DIR", "ctlsock.report.dir", Arity.LAST,
            "where the reports go (default ./ctlsock-report): report.json,",
            "report.md, report.html, TEST-ctlsock.xml, traceability.md"),
    TIMEOUT_SCALE("--timeout-scale", "N", "ctlsock.timeoutScale", Type.SCALE, "1",
            "multiply every deadline by N (slow machines, valgrind): default 1"),
    MAX_RUN_TIME("--max-run-time", "T", "ctlsock.maxRunTime", Type.DURATION, "15m",
            "the whole run's ceiling (default 15m; 90s, 15m, 1h): then, or on",
            "SIGTERM/SIGINT, no further case starts, the rest are reported",
            "\"not run\" and the reports are written for what ran"),
    TRIES("--tries", "N", "ctlsock.tries", Type.COUNT, "100",
            "tries per property-based case (default 100); the few",
            "properties that start the server for every try keep",
            "their own small counts (-Dctlsock.tries sets those)"),
    SEED("--seed", "SEED", "ctlsock.seed", Arity.LAST,
            "the seed of the property-based cases, to replay a failing run"),
    RACE_ROUNDS("--race-rounds", "N", "ctlsock.race.rounds", Type.COUNT, "3",
            "rounds of the socket-file race cases (default 3; CI: 50)"),
    FUZZ_TRIES("--fuzz-tries", "N", "ctlsock.fuzz.tries", Type.COUNT, "200",
            "tries of the fuzz property, mutated requests (default 200)"),
    FUZZ_SEED("--fuzz-seed", "SEED", "ctlsock.fuzz.seed", Arity.LAST,
            "the fuzz property's seed, to replay its run (it prints it)"),
    LONG_WAITS("--long-waits", null, "ctlsock.longWaits", Arity.FLAG,
            "for a server that does not claim \"timeouts\" (9.6), wait out its",
            "own idle and read timeouts (7.3.1: up to 5 minutes each; N/A",
            "without it)"),
    QUIET("--quiet", null, null, Arity.FLAG, "no live progress, only the summary"),
    VERSION("--version", null, null, Arity.FLAG, "the kit's version and the spec version it checks"),
    HELP("--help", null, null, Arity.FLAG, "this text");

    /** How a setting may be given. */
    enum Arity {
        /** No value: given means true (a property: "true" or "false"). */
        FLAG,
        /** A value that may be given once: twice is a mistake (two targets, two names). */
        ONCE,
        /** A value; given again, the last one counts. */
        LAST,
        /** A comma-separated list; every occurrence adds to it. */
        LIST
    }

    /**
     * What the value of a typed setting is: how it is read (empty or an exception: not such a value) and what it
     * must be, for the message about a value it rejects. {@link SettingValues#typed} reads them all.
     */
    enum Type {
        COUNT("a whole number of at least 1", t -> Optional.of(Integer.parseInt(t)).filter(n -> n >= 1)),
        SCALE("a number above 0", t -> Optional.of(Double.parseDouble(t)).filter(d -> d > 0 && d < 1000)),
        DURATION("a duration such as 90s, 15m or 1h (a plain number is minutes)", RunCeiling::parse);

        final String what;
        final Function<String, Optional<?>> read;

        Type(String what, Function<String, Optional<?>> read) {
            this.what = what;
            this.read = read;
        }
    }

    private final String option;
    private final String argument;
    private final String property;
    final Arity arity;
    /** How the value is read, for a count, scale or duration; else null (text, a flag, a list). */
    final Type type;
    /** The value of a typed setting that no source gives. */
    final String defaultValue;
    private final String[] help;

    Setting(String option, String argument, String property, Arity arity, String... help) {
        this(option, argument, property, arity, null, null, help);
    }

    /** A typed setting: given again, the last value counts. */
    Setting(String option, String argument, String property, Type type, String defaultValue, String... help) {
        this(option, argument, property, Arity.LAST, type, defaultValue, help);
    }

    Setting(String option, String argument, String property, Arity arity, Type type, String defaultValue,
            String... help) {
        this.option = option;
        this.argument = argument;
        this.property = property;
        this.arity = arity;
        this.type = type;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    /** The command-line option, e.g. {@code --timeout-scale}. */
    public String option() {
        return option;
    }

    /** The {@code -D} property, e.g. {@code ctlsock.timeoutScale}, or null for an option of the command line only. */
    public String property() {
        return property;
    }

    /** The setting an option word names: its long form, or {@code -h} and {@code -q}. */
    static Optional<Setting> byOption(String word) {
        String w = word.equals("-h") ? "--help" : word.equals("-q") ? "--quiet" : word;
        return Arrays.stream(values()).filter(s -> s.option.equals(w)).findFirst();
    }

    /** The lines {@code --help} prints before a setting: the heading of its group. */
    private static final Map<Setting, String> HEADINGS = Map.of(TARGET, """
            usage: java -jar ctlsock-conformance.jar [TARGET] [options]

            Checks a ctlsock server against the spec from outside, over its Unix socket.

            TARGET (at most one; with none, the reference server of this repository through its
            descriptor server/ctlsock.json, the jar looked for at server/target/ctlsock-server.jar):
            """, CLAUSES, """

            Every option can also be given as a -D property of the JVM (java -Dctlsock.clauses=4.2 -jar …;
            the Maven build passes its -Dctlsock.* switches so): --clause is ctlsock.clauses, --level
            ctlsock.levels, --report-dir ctlsock.report.dir, a flag is "true"; see RUNNER.md for the table.
            The command line wins over a property.

            Selecting:
            """, STRICT, "\nJudging:\n", REPORT_DIR, "\nRunning:\n");

    /** The text of {@code --help}: the table, one row per option, under its group's heading. */
    public static String usage() {
        StringBuilder text = new StringBuilder();
        for (Setting s : values()) {
            text.append(HEADINGS.getOrDefault(s, ""));
            String words = s.argument == null ? s.option : s.option + " " + s.argument;
            text.append(String.format("  %-24s%s\n", words, s.help[0]));
            Arrays.stream(s.help).skip(1).forEach(line -> text.append(" ".repeat(26)).append(line).append('\n'));
        }
        return text.append("""

                Exit status: 0 every selected MUST is met, 1 a clause fails (or an expected failure
                now passes), 2 usage error or the kit itself failed (nothing is said about the server).
                """).toString();
    }
}
