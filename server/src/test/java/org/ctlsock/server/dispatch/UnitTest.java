package org.ctlsock.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dispatch layer's pure functions, checked directly. */
class UnitTest {
  @Test
  void commandNames() {
    assertThat(CommandName.fromTarget("/echo").name()).isEqualTo("echo");
    assertThat(CommandName.fromTarget("/list%74abs").name()).isEqualTo("listtabs");
    assertThat(CommandName.fromTarget("http://x/echo?q").name()).isEqualTo("echo");
    assertThat(CommandName.fromTarget("HTTP://x:80/echo").name()).isEqualTo("echo");
    assertThat(CommandName.fromTarget("http://x").kind()).isEqualTo(CommandName.Kind.NOT_A_NAME);
    assertThat(CommandName.fromTarget("/a-b_c.d").kind()).isEqualTo(CommandName.Kind.VALID);
    assertThat(CommandName.fromTarget("/.a").kind()).isEqualTo(CommandName.Kind.NOT_A_NAME);
    assertThat(CommandName.fromTarget("/%e2%82%ac").kind()).isEqualTo(CommandName.Kind.NOT_A_NAME);
    assertThat(CommandName.fromTarget("/%e2%82").kind()).isEqualTo(CommandName.Kind.BAD_ENCODING);
  }

  @Test
  void utf8Validation() {
    assertThat(Utf8Validator.firstInvalid("aé€😀".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(Utf8Validator.firstInvalid(new byte[] {(byte) 0xc0, (byte) 0x80})).as("overlong NUL").isZero();
    assertThat(Utf8Validator.firstInvalid(new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80})).as("surrogate").isEqualTo(1);
    assertThat(Utf8Validator.firstInvalid(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).as("above U+10FFFF").isZero();
    assertThat(Utf8Validator.firstInvalid(new byte[] {(byte) 0xe2, (byte) 0x82})).as("truncated").isZero();
  }

  @Test
  void argumentParsing() throws Exception {
    JsonArgumentsParser parser = new JsonArgumentsParser(32, 1 << 20);
    assertThat(parser.parse("[1,\"a\",{\"b\":[true]}]".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo("[1,\"a\",{\"b\":[true]}]");
    assertThat(parser.parse(("[".repeat(32) + "]".repeat(32)).getBytes(StandardCharsets.UTF_8)).size()).isEqualTo(1);
    assertThatThrownBy(() -> parser.parse(("[".repeat(33) + "]".repeat(33)).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BadArgumentsException.class)
        .hasMessageContaining("32");
    assertThatThrownBy(() -> parser.parse("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not an array");
  }
}
