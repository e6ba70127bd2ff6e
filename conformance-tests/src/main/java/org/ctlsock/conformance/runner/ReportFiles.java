package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reports made from {@code report.json} (the versioned, machine-readable one that the report
 * listener writes): {@code report.html}, {@code traceability.md} and, for runs outside Maven,
 * {@code TEST-ctlsock.xml}. The Maven build calls {@link #main} after the conformance run.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** Writes the derived reports next to {@code report.json}; returns the files written. */
    public static List<Path> writeAll(Path reportDir, boolean junitXml) throws IOException {
        Path json = reportDir.resolve("report.json");
        JsonNode report = new ObjectMapper().readTree(Files.readAllBytes(json));
        Path html = reportDir.resolve("report.html");
        Path trace = reportDir.resolve("traceability.md");
        HtmlReportWriter.write(report, html);
        TraceabilityWriter.write(report, UntestableClauses.bundled(), trace);
        if (junitXml) {
            Path xml = reportDir.resolve("TEST-ctlsock.xml");
            JunitXmlWriter.write(report, xml);
            return List.of(json, reportDir.resolve("report.md"), html, xml, trace);
        }
        return List.of(json, reportDir.resolve("report.md"), html, trace);
    }

    /** {@code ReportFiles REPORT-DIR}: for the Maven build (surefire writes the JUnit XML there). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ReportFiles REPORT-DIR");
        }
        Path dir = Path.of(args[0]);
        if (!Files.isRegularFile(dir.resolve("report.json"))) {
            throw new IllegalStateException("no report.json in " + dir + ": the conformance run wrote no report");
        }
        for (Path p : writeAll(dir, false)) {
            System.out.println("ctlsock report: " + p);
        }
    }
}
