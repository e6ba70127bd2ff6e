package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.FileType;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.SocketPathWatcher;
import org.ctlsock.conformance.filesystem.SocketPathWatcher.Sighting;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.race.StraceDelay;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Spec 2.3.2: the socket path never exists with a mode broader than the final one, or another group,
 * not even for a moment. Each try starts the target under a random umask (and, where claimed, an
 * explicit mode and group) while a thread calls {@code lstat} on the path — and looks into any directory
 * that appears beside it — as fast as it can, from before the start until well after readiness; every
 * state seen must be the final one. A server that binds at the final path and fixes the mode or group
 * afterwards shows its window here; so does one that binds in a directory others can search.
 */
@ConformanceTest
class Section2_3_NoWindowProperties {
    private static final int OTHER_GID = 100;
    /** How long each path-based chmod or chown of the target is held back (strace), where strace is installed. */
    private static final Duration HOLD = Duration.ofMillis(300);

    /** One start: the umask and the option words. */
    record Start(String umask, List<String> options) {
        @Override
        public String toString() {
            return "umask " + umask + (options.isEmpty() ? "" : " " + String.join(" ", options));
        }
    }

    /** The starts to try; the first of each list is where shrinking leads (the plainest start). */
    private static Gen<Start> starts(KitSettings settings) {
        Gen<String> umasks = Generate.pick(List.of("000", "002", "022", "027", "077"));
        Gen<List<String>> mode = settings.claims(Capability.MODE)
                ? Generate.pick(List.of(List.<String>of(), List.of("--mode", "0600"), List.of("--mode", "0660"),
                        List.of("--mode", "0640")))
                : Generate.constant(List.of());
        Gen<List<String>> group = settings.claims(Capability.GROUP)
                ? Generate.pick(List.of(List.<String>of(), List.of("--group", Integer.toString(OTHER_GID))))
                : Generate.constant(List.of());
        return umasks.zip(mode, group, (u, m, g) -> {
            List<String> words = new ArrayList<>(m);
            words.addAll(g);
            return new Start(u, words);
        });
    }

    @Test
    @LaunchTries(2)
    @Clause("2.3.2")
    void socketNeverSeenWithAnotherModeOrGroup(PropertyCheck property, TargetSession target) {
        property.forAll(starts(target.settings()), start -> startWatched(start, target));
    }

    private static void startWatched(Start start, TargetSession target) {
        target.requireLaunchMode("this case watches the socket path while the target starts");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            SocketPathWatcher watcher = SocketPathWatcher.start(socket);
            ServerProcess p;
            List<Sighting> seen;
            try (watcher) {
                LaunchOptions options = LaunchOptions.defaults().socketPath(socket).umask(start.umask())
                        .options(start.options());
                if (StraceDelay.available()) {
                    // A server that binds at the final path and then chmods or chowns it by name shows the
                    // in-between state for the whole hold, not for the microseconds the watcher may miss.
                    options = options.traced(StraceDelay.wrapper(StraceDelay.PATH_MODE_AND_OWNER_CHANGES, HOLD));
                }
                p = target.launch(options);
                p.awaitReady();
                // Keep watching after readiness: a server that listens first and fixes the mode later
                // changes it now. This watches for something that must not happen.
                p.awaitExit(target.timeouts().during().multipliedBy(2));
            } finally {
                seen = watcher.stop();
            }
            PathSnapshot last = PathSnapshot.of(socket);
            target.evidence().note(start + ": watched " + watcher.polls() + " rounds of lstat in "
                    + watcher.elapsedMillis() + " ms; final: " + last);
            target.evidence().note("every change seen:\n  " + String.join("\n  ", seen.stream().map(Sighting::toString)
                    .toList()));
            assertThat(last.isSocket()).as("the socket is at the path at the end of the watch; stat: %s", last)
                    .isTrue();
            List<String> violations = new ArrayList<>();
            for (Sighting s : seen) {
                if (s.type() != FileType.SOCKET) {
                    continue;
                }
                boolean otherGroup = s.gid() != last.gid();
                if (s.path().equals(socket)) {
                    if (s.perms() != last.perms() || otherGroup) {
                        violations.add(s + " — but the final state is mode " + PathSnapshot.octal(last.perms())
                                + " gid " + last.gid());
                    }
                } else if (s.reachableByOthers() && ((s.perms() & ~last.perms()) != 0 || otherGroup)) {
                    violations.add(s + " — reachable by others, with more than the final mode "
                            + PathSnapshot.octal(last.perms()) + " gid " + last.gid());
                }
            }
            assertThat(violations).as("states of the socket other than its final one (%s), seen while the target "
                    + "started with %s (Expected: none)", last, start).isEmpty();
            p.stop();
        }
    }
}
