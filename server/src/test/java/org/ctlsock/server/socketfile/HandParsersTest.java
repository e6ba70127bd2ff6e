package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The two small parsers the start runs, written by hand instead of with regular expressions (a
 * start would otherwise compile them in the interpreter): they accept exactly what the expressions
 * they replaced accepted.
 */
class HandParsersTest {
  @Test
  void lockRecord_isNothingOrAPrivateDirectoryName_eachWithAnOptionalNewline() {
    for (String record : new String[] {"", "\n", ".cab12", ".c0z9a\n", ".czzzz", ".c0000\n"}) {
      assertThat(StartLock.isRecord(record)).as("%s", record.replace("\n", "\\n")).isTrue();
    }
    for (String other : new String[] {"\n\n", ".cab1", ".cab123", ".cAB12", ".dab12", "xcab12", ".cab12\n\n",
        ".cab1-", " .cab12", ".cab12 ", "\r\n", ".cab12\r\n", "c.ab12", "..cab1"}) {
      assertThat(StartLock.isRecord(other)).as("%s", other.replace("\n", "\\n")).isFalse();
    }
  }

  @Test
  void uidLine_fieldsAreSeparatedByAnyRunOfWhitespace() throws IOException {
    assertThat(EffectiveUid.field("\t1000\t1001\t1002\t1003", 1)).isEqualTo("1001");
    assertThat(EffectiveUid.field("  0 \t 65534\t0\t0\n", 1)).isEqualTo("65534");
    assertThat(EffectiveUid.field("5 6", 0)).isEqualTo("5");
    assertThatThrownBy(() -> EffectiveUid.field("\t1000\t", 1)).isInstanceOf(IOException.class);
  }
}
