package org.ctlsock.conformance.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ctlsock.conformance.filesystem.PathSnapshot;

/**
 * The access matrix as one Markdown table, written beside the kit's report ({@code
 * access-matrix-umask.md}, {@code access-matrix-option.md}) so that a reader sees at a glance who could
 * connect to what: each cell is the outcome a real client had, and whether the Linux rules agree.
 */
public final class MatrixTable {
    private MatrixTable() {
    }

    public static String render(AccessMatrix m, String clause) {
        StringBuilder md = new StringBuilder();
        md.append("# Who may connect [").append(clause).append("] — mode asked for with ")
                .append(m.source() == AccessMatrix.ModeSource.UMASK ? "the umask" : "--mode").append("\n\n")
                .append("The target runs as uid ").append(TestUsers.OWNER.uid()).append(" gid ")
                .append(TestUsers.SOCKET_GROUP).append("; each cell is what a client under that uid experienced. ")
                .append("✓ = as the Linux rules (spec 10.1) predict, ✗ = not.\n\n| socket mode | directory |");
        AccessMatrix.USERS.forEach(who -> md.append(' ').append(who.describe()).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(AccessMatrix.USERS.size())).append('\n');
        for (int mode : m.socketModes()) {
            for (int dir : m.directoryModes()) {
                md.append("| ").append(PathSnapshot.octal(mode)).append(" (").append(m.source().describe(mode))
                        .append(") | ").append(PathSnapshot.octal(dir)).append(" |");
                for (Identity who : AccessMatrix.USERS) {
                    AccessMatrix.Probe p = m.probe(new AccessMatrix.Cell(mode, dir, who));
                    md.append(' ').append(p != null ? cell(p) : m.startFailure(mode) != null ? "target did not start ✗" : "?")
                            .append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String cell(AccessMatrix.Probe p) {
        boolean allowed = p.actual().connected();
        boolean asPredicted = allowed == p.expected().allowed() && (p.socket().perms() & 0777) == p.cell().socketMode();
        return (allowed ? "allowed" : p.actual().outcome() == ForeignExchange.Outcome.DENIED ? "denied" : "failed")
                + (asPredicted ? " ✓" : " ✗ (expected " + (p.expected().allowed() ? "allowed" : "denied") + ")");
    }

    /** Writes the table into {@code reportDir} (nothing when there is no report). */
    public static void write(Path reportDir, AccessMatrix m, String clause) {
        if (reportDir == null) {
            return;
        }
        String name = "access-matrix-" + m.source().name().toLowerCase(java.util.Locale.ROOT) + ".md";
        try {
            Files.createDirectories(reportDir);
            Files.writeString(reportDir.resolve(name), render(m, clause), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The table is a convenience; the cases carry the verdicts.
        }
    }
}
