package org.ctlsock.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    @Test
    void aRerunReplacesOnlyTheGeneratedSection(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        ReportFile.write(file, "first figures");
        String withNotes = "# Title\n\nHand-written intro.\n\n" + Files.readString(file).substring(Files.readString(file).indexOf(ReportFile.BEGIN))
                + "\n## Analysis\n\nHand-written analysis.\n";
        Files.writeString(file, withNotes);

        ReportFile.write(file, "second figures");

        String text = Files.readString(file);
        assertThat(text).startsWith("# Title\n\nHand-written intro.\n\n").contains("second figures")
                .doesNotContain("first figures").endsWith("## Analysis\n\nHand-written analysis.\n");
    }

    @Test
    void aFileWithoutMarkersGetsTheSectionAppended() {
        assertThat(ReportFile.merge("# Notes\n", ReportFile.BEGIN + "x" + ReportFile.END))
                .isEqualTo("# Notes\n\n" + ReportFile.BEGIN + "x" + ReportFile.END + "\n");
    }
}
