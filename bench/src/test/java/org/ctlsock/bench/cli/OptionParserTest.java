package org.ctlsock.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionParserTest {

    @Test
    void parsesValuesFlagsAndRepeats() throws UsageException {
        OptionParser o = OptionParser.parse(List.of("--clients", "4", "--header=A: b", "--header", "C: d", "--close"),
                Set.of("clients", "header"), Set.of("close"));
        assertThat(o.intValue("clients", 1)).isEqualTo(4);
        assertThat(o.all("header")).containsExactly("A: b", "C: d");
        assertThat(o.has("close")).isTrue();
        assertThat(o.get("missing", "x")).isEqualTo("x");
    }

    @Test
    void rejectsUnknownAndIncompleteOptions() {
        assertThatThrownBy(() -> OptionParser.parse(List.of("--clinets", "4"), Set.of("clients"), Set.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--clinets");
        assertThatThrownBy(() -> OptionParser.parse(List.of("--clients"), Set.of("clients"), Set.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> OptionParser.parse(List.of("stray"), Set.of(), Set.of())).hasMessageContaining("stray");
    }

    @Test
    void parsesDurations() throws UsageException {
        assertThat(OptionParser.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(OptionParser.parseDuration("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(OptionParser.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(OptionParser.parseDuration("d", "3")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> OptionParser.parseDuration("duration", "soon")).hasMessageContaining("--duration");
    }
}
