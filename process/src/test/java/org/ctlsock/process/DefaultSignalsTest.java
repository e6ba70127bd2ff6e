package org.ctlsock.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A kit started in the background by a script has SIGINT and SIGQUIT ignored, and an ignored signal survives exec.
 * What the kit starts must still get them at their default, or a server without a SIGINT handler would survive the
 * kit's SIGINT only when the kit was started that way.
 */
class DefaultSignalsTest {
    /** SIGINT's bit in /proc/PID/status's SigIgn mask (signal n is bit n-1). */
    private static final long INT = 1L << 1;
    /** SIGQUIT's: the JVM takes SIGQUIT back for its thread dumps, but a started process must not ignore it. */
    private static final long INT_AND_QUIT = INT | (1L << 2);

    @Test
    void aProcessStartedByAJvmThatIgnoresSigintGetsItAtItsDefault() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A shell ignores SIGINT and SIGQUIT, then becomes a JVM that starts `grep SigIgn /proc/self/status` with
        // Launch and prints what that process reports.
        Finished outer = Launch.of("/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh", java, "-cp",
                System.getProperty("java.class.path"), ReportIgnoredSignals.class.getName())
                .run(Duration.ofSeconds(60));

        assertThat(outer.exitStatus()).as("the inner JVM's exit status; stderr:%n%s", outer.stderr()).isZero();
        assertThat(outer.stdout()).as("the inner JVM's report")
                .contains("jvm SigIgn:");
        long jvmIgnored = mask(outer.stdout(), "jvm SigIgn:");
        assertThat(jvmIgnored & INT).as("precondition: SIGINT ignored in the JVM").isEqualTo(INT);
        long childIgnored = mask(outer.stdout(), "child SigIgn:");
        assertThat(childIgnored & INT_AND_QUIT).as("SIGINT and SIGQUIT ignored in the process Launch started "
                + "(output: %s)", outer.stdout()).isZero();
    }

    private static long mask(String output, String label) {
        for (String line : output.split("\n")) {
            if (line.startsWith(label)) {
                return Long.parseUnsignedLong(line.substring(label.length()).strip(), 16);
            }
        }
        throw new AssertionError("no line \"" + label + "\" in: " + output);
    }

    /** The inner JVM: prints its own SigIgn and that of a process it starts with {@link Launch}. */
    public static final class ReportIgnoredSignals {
        public static void main(String[] args) throws Exception {
            Finished self = Launch.of("/bin/sh", "-c", "grep SigIgn /proc/$PPID/status").run(Duration.ofSeconds(20));
            Finished child = Launch.of("/bin/sh", "-c", "grep SigIgn /proc/self/status").run(Duration.ofSeconds(20));
            System.out.println("jvm " + self.stdout().strip().replaceAll("\\s+", " "));
            System.out.println("child " + child.stdout().strip().replaceAll("\\s+", " "));
        }
    }
}
