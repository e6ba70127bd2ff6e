package org.ctlsock.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
import org.junit.jupiter.api.Test;

/**
 * The options the parser knows, the options {@code --help} lists and the options RUNNER.md's table lists are the
 * same, and so are the {@code -D} property of each in the parser and in the table: a newcomer who reads either
 * never meets an option that does not exist or misses one that does.
 */
class OptionsDocumentedTest {
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]+");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(--[a-z-]+)[^`]*` \\| (?:`([a-z.A-Z]+)`)? *\\|",
            Pattern.MULTILINE);

    private static Set<String> known() {
        return Stream.of(Setting.values()).map(Setting::option).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void helpListsEveryOptionTheParserKnowsAndNoOther() {
        Set<String> inHelp = new TreeSet<>();
        Matcher m = OPTION.matcher(Setting.usage());
        while (m.find()) {
            inHelp.add(m.group());
        }
        assertThat(inHelp).isEqualTo(known());
    }

    @Test
    void runnerMdTableListsEveryOptionWithItsProperty() throws IOException {
        String md = Files.readString(Path.of("RUNNER.md"), StandardCharsets.UTF_8);
        String options = md.substring(md.indexOf("## Options"), md.indexOf("## Expected failures"));
        Map<String, String> table = new LinkedHashMap<>();
        Matcher m = TABLE_ROW.matcher(options);
        while (m.find()) {
            table.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        assertThat(new TreeSet<>(table.keySet())).isEqualTo(known());
        for (String option : known()) {
            assertThat(table.get(option)).as("RUNNER.md's property of " + option)
                    .isEqualTo(Stream.of(Setting.values()).filter(s -> s.option().equals(option))
                            .map(s -> s.property() == null ? "" : s.property()).findFirst().orElseThrow());
        }
    }

    @Test
    void aBadValueNamesWhereItCameFrom() {
        assertThatThrownBy(() -> SettingValues.parse(Map.of("ctlsock.tries", "many")::get).typed(Setting.TRIES))
                .hasMessageContaining("-Dctlsock.tries").hasMessageNotContaining("--tries");
        assertThatThrownBy(() -> SettingValues.parse(k -> null, "--tries", "many").typed(Setting.TRIES))
                .hasMessageContaining("--tries");
        assertThatThrownBy(() -> KitSettings.from(SettingValues.parse(Map.of("ctlsock.timeoutScale", "fast")::get,
                "--socket", "/s"))).hasMessageContaining("-Dctlsock.timeoutScale");
        assertThatThrownBy(() -> KitSettings.from(SettingValues.parse(k -> null, "--socket", "/s", "--timeout-scale",
                "fast"))).hasMessageContaining("--timeout-scale").hasMessageNotContaining("-Dctlsock");
        SettingValues o = SettingValues.parse(Map.of("ctlsock.clauses", "4.2", "ctlsock.target", "x {socket}")::get,
                "--descriptor", "d.json");
        assertThat(o.list(Setting.CLAUSES)).containsExactly("4.2");
        assertThat(o.get(Setting.TARGET)).as("a target on the command line makes the target properties moot").isNull();
    }
}
