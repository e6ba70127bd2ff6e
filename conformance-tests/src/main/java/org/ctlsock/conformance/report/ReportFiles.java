package org.ctlsock.conformance.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every report of a run, each rendered from the same typed model ({@link RunReport}) and written once:
 * {@code report.json} (the versioned, machine-readable one), {@code report.md}, {@code report.html},
 * {@code traceability.md} and {@code TEST-ctlsock.xml}. No report is made by reading another back.
 */
public final class ReportFiles {
    /** The files, in the order the reports list them. */
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

    /** Writes every report into {@code dir}; returns the files written. */
    public static List<Path> writeAll(RunReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonReportWriter.write(report, dir.resolve("report.json"));
        MarkdownReportWriter.write(report, dir.resolve("report.md"));
        HtmlReportWriter.write(report, dir.resolve("report.html"));
        JunitXmlWriter.write(report, dir.resolve("TEST-ctlsock.xml"));
        TraceabilityWriter.write(report, UntestableClauses.bundled(), dir.resolve("traceability.md"));
        return NAMES.stream().map(dir::resolve).toList();
    }
}
