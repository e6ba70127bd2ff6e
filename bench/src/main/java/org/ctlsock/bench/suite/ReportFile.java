package org.ctlsock.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * BENCHMARKS.md holds generated figures between two markers and hand-written analysis around them;
 * a run rewrites only what is between the markers, so the analysis survives a re-run.
 */
public final class ReportFile {

    static final String BEGIN = "<!-- ctlsock-bench: generated section begins; a run of bench/run-benchmarks.sh rewrites it -->";
    static final String END = "<!-- ctlsock-bench: generated section ends -->";

    private ReportFile() {
    }

    public static void write(Path file, String generated) throws IOException {
        String block = BEGIN + "\n\n" + generated.strip() + "\n\n" + END;
        String text;
        if (Files.exists(file)) {
            text = merge(Files.readString(file, StandardCharsets.UTF_8), block);
        } else {
            text = "# Benchmarks\n\nFigures written by `bench/run-benchmarks.sh` (see bench/README.md).\n\n" + block + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Replaces the generated block in {@code existing}, or appends it when there is none. */
    static String merge(String existing, String block) {
        int b = existing.indexOf(BEGIN);
        int e = existing.indexOf(END);
        if (b >= 0 && e > b) {
            return existing.substring(0, b) + block + existing.substring(e + END.length());
        }
        return existing.stripTrailing() + "\n\n" + block + "\n";
    }
}
