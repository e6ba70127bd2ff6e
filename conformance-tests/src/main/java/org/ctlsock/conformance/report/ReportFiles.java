package org.ctlsock.conformance.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every report of a run, each rendered from the same typed model ({@link RunReport}) and written once:
 * {@code report.json} (the versioned, machine-readable one), {@code report.md}, {@code report.html},
 * {@code traceability.md} and {@code TEST-ctlsock.xml}. No report is made by reading another back.
 */
public final class ReportFiles {
    /** The files, in the order the reports list them (and {@link #writeAll} renders them). */
    public static final List<String> NAMES = List.of("report.json", "report.md", "report.html", "TEST-ctlsock.xml",
            "traceability.md");

    private ReportFiles() {
    }

    /** Removes the reports of an earlier run in {@code dir}: a report left from it must never pass for this one's. */
    public static void clear(Path dir) throws IOException {
        for (String name : NAMES) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Writes every report into {@code dir}. */
    public static void writeAll(RunReport report, Path dir) throws IOException {
        List<String> texts = List.of(JsonReportWriter.render(report), MarkdownReportWriter.render(report),
                HtmlReportWriter.render(report), JunitXmlWriter.render(report),
                TraceabilityWriter.render(report, UntestableClauses.bundled()));
        Files.createDirectories(dir);
        for (int i = 0; i < NAMES.size(); i++) {
            Files.writeString(dir.resolve(NAMES.get(i)), texts.get(i), StandardCharsets.UTF_8);
        }
    }
}
