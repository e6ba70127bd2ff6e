package org.ctlsock.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The documented nginx configuration exposes the socket on loopback only: the TCP port gives
 * whoever reaches it every command, so it must never listen on a public address.
 */
class NginxConfigTest {
  private static final Pattern LISTEN = Pattern.compile("^\\s*listen\\s+([^;\\s]+)[^;]*;");

  @Test
  void everyListenDirectiveIsALoopbackAddress() throws Exception {
    List<String> listens = new ArrayList<>();
    for (String line : Files.readAllLines(NginxProxy.template(), StandardCharsets.UTF_8)) {
      Matcher m = LISTEN.matcher(line);
      if (m.find()) {
        listens.add(m.group(1));
      }
    }
    assertThat(listens).as("listen directives of %s", NginxProxy.template()).isNotEmpty()
        .allSatisfy(address -> assertThat(address)
            .as("a listen address must be 127.0.0.1:PORT or [::1]:PORT")
            .matches("(127\\.0\\.0\\.1|\\[::1]):@PORT@"));
  }

  @Test
  void upstreamIsTheSocketWithKeepAlive() throws Exception {
    String conf = Files.readString(NginxProxy.template(), StandardCharsets.UTF_8);
    assertThat(conf).contains("server unix:@SOCKET@;").containsPattern("keepalive \\d+;")
        .contains("proxy_http_version 1.1;").contains("proxy_set_header Connection \"\";");
  }
}
