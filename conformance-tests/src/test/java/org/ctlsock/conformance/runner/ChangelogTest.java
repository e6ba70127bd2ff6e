package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.SettingValues;
import org.junit.jupiter.api.Test;

/** Case ids are stable: CHANGELOG.md records renames and removals, and a retired id is never reused. */
class ChangelogTest {
    private static final Pattern REMOVED = Pattern.compile("^- removed `([^`]+)`", Pattern.MULTILINE);
    private static final Pattern RENAMED = Pattern.compile("^- renamed `([^`]+)` → `([^`]+)`", Pattern.MULTILINE);

    @Test
    void retiredIdsAreNotReusedAndNewNamesExist() throws IOException {
        String log = Files.readString(Path.of("CHANGELOG.md"), StandardCharsets.UTF_8);
        // Only the lines after the format example count.
        String entries = log.substring(log.indexOf("## "));
        Set<String> current = ConformanceCli.discover(
                ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}")), 1)
                .entries().stream().map(CaseCatalog.Entry::caseId).collect(Collectors.toSet());
        assertThat(current).as("the kit's cases").isNotEmpty();
        List<String> problems = new ArrayList<>();
        Matcher removed = REMOVED.matcher(entries);
        while (removed.find()) {
            if (current.contains(removed.group(1))) {
                problems.add("removed id " + removed.group(1) + " is used again");
            }
        }
        Matcher renamed = RENAMED.matcher(entries);
        while (renamed.find()) {
            if (current.contains(renamed.group(1))) {
                problems.add("old id " + renamed.group(1) + " (renamed to " + renamed.group(2) + ") is used again");
            }
            if (!current.contains(renamed.group(2)) && !entries.contains("removed `" + renamed.group(2) + "`")) {
                problems.add("new id " + renamed.group(2) + " does not exist");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void caseIdsAreUnique() {
        List<String> ids = ConformanceCli.discover(
                ConformanceCli.settings(SettingValues.parse(k -> null, "--target", "x {socket}")), 1)
                .entries().stream().map(CaseCatalog.Entry::caseId).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }
}
