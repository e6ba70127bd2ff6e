package org.ctlsock.conformance.runner;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * Turns the command line into the kit's {@link KitSettings}, through the same property names the
 * Maven run uses ({@code ctlsock.*}), so that the jar and {@code mvn verify} can never read a target
 * differently. An expected-failures file replaces the descriptor's list.
 */
final class RunSettingsFactory {
    private RunSettingsFactory() {
    }

    static KitSettings settings(CliOptions o, SpecCatalog spec) {
        int targets = (o.descriptor != null ? 1 : 0) + (o.target != null ? 1 : 0) + (o.socket != null ? 1 : 0);
        String referenceJar = null;
        if (targets == 0) {
            referenceJar = referenceServerJar().toString();
        }
        if (targets > 1) {
            throw new UsageError("give only one of --target, --descriptor and --socket");
        }
        if (o.capabilities != null && o.descriptor != null) {
            throw new UsageError("--capabilities cannot be combined with --descriptor: list them in the "
                    + "descriptor's \"capabilities\" member");
        }
        for (String c : o.clauses) {
            boolean known = spec.all().stream().anyMatch(k -> k.id().equals(c) || k.id().startsWith(c + "."));
            if (!c.matches("\\d+(\\.\\d+){0,2}") || !known) {
                throw new UsageError("--clause " + c + ": no clause of spec " + spec.version()
                        + " has this id or prefix (e.g. 4, 4.2 or 4.2.1)");
            }
        }
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String l : o.levels) {
            try {
                levels.add(Level.valueOf(l));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--level " + l + ": not one of MUST, MUST_NOT, SHOULD, SHOULD_NOT, MAY");
            }
        }
        Map<String, String> props = new HashMap<>();
        put(props, "ctlsock.descriptor", o.descriptor == null ? null
                : java.nio.file.Path.of(o.descriptor).toAbsolutePath().toString());
        put(props, "ctlsock.server.jar", referenceJar);
        put(props, "ctlsock.target", o.target);
        put(props, "ctlsock.socket", o.socket);
        put(props, "ctlsock.capabilities", o.capabilities);
        put(props, "ctlsock.name", o.name);
        put(props, "ctlsock.timeoutScale", o.timeoutScale);
        put(props, "ctlsock.maxRunTime", o.maxRunTime);
        put(props, "ctlsock.race.rounds", o.raceRounds);
        put(props, "ctlsock.fuzz.tries", o.fuzzTries);
        put(props, "ctlsock.fuzz.seed", o.fuzzSeed);
        props.put("ctlsock.strict", Boolean.toString(o.strict));
        props.put("ctlsock.longWaits", Boolean.toString(o.longWaits));
        props.put("ctlsock.report.dir", o.reportDir.toAbsolutePath().toString());
        KitSettings base;
        try {
            base = KitSettings.fromProperties(props::get);
        } catch (KitError e) {
            // KitSettings names the -D property; say the option instead when the value came from the command line.
            String m = e.getMessage();
            for (String option : CliOptions.PROPERTIES.keySet()) {
                if (o.given.contains(option)) {
                    m = m.replace("-D" + CliOptions.PROPERTIES.get(option), option);
                }
            }
            throw new UsageError(m);
        }
        for (String program : base.requires()) {
            if (!KitSettings.onPath(program)) {
                // Every case would be N/A and the run would look like a pass: refuse instead.
                throw new KitError("the target requires \"" + program + "\", which is not on the PATH");
            }
        }
        // Both lists, the descriptor's and the file's, were read by Descriptor.expectedFailures, which rejects a
        // clause the spec does not have.
        KitSettings s = o.expectedFailures == null ? base
                : base.withExpectedFailures(ExpectedFailuresFile.read(o.expectedFailures));
        return s.withRun(s.reportDir(), List.copyOf(o.clauses), levels);
    }

    /**
     * With no target given the kit checks the reference server, through its descriptor: the jar the build put
     * beside this kit ({@code server/target/ctlsock-server.jar} of the same checkout), else the one under the
     * working directory.
     */
    private static Path referenceServerJar() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path kit = Path.of(RunSettingsFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // conformance-tests/target/ctlsock-conformance.jar (or target/classes) -> the checkout's root
            candidates.add(kit.toAbsolutePath().getParent().getParent().resolveSibling("server/target/ctlsock-server.jar"));
        } catch (URISyntaxException | RuntimeException e) {
            // a kit loaded from somewhere without a file location: only the working directory is left
        }
        candidates.add(Path.of("server/target/ctlsock-server.jar").toAbsolutePath());
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        throw new UsageError("no target given, and the reference server (the default target) is not built: looked for "
                + candidates.stream().map(Path::toString).distinct().toList() + "; build it with "
                + "mvn -B -q package -DskipTests, or give --target \"COMMAND {socket}\", --descriptor FILE or "
                + "--socket PATH");
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }
}
