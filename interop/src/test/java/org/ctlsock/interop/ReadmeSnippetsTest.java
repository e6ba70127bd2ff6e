package org.ctlsock.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * interop/README.md shows no code that the suite does not run: every block in its "Clients"
 * section is a snippet region of a client script (or of the nginx configuration) and equals it,
 * and every client script is one that {@link InteropClients} runs.
 */
class ReadmeSnippetsTest {
  private static final String SECTION = "## Clients";

  private static Path readme() {
    return Paths.interop().resolve("README.md");
  }

  @Test
  void everyBlockInTheClientsSectionIsASnippetThatEqualsItsSource() throws Exception {
    Map<String, Snippets.Region> regions = Snippets.regions(Snippets.sourceFiles());
    List<Snippets.Block> blocks = Snippets.blocks(readme(), SECTION);
    assertThat(blocks).as("code blocks in the %s section of %s", SECTION, readme()).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Snippets.Block block : blocks) {
      if (block.name() == null) {
        problems.add("README line " + block.line() + ": a code block without a"
            + " <!-- snippet: NAME --> marker right before it: no test runs it");
      } else if (!regions.containsKey(block.name())) {
        problems.add("README line " + block.line() + ": snippet " + block.name()
            + " is not a region in interop/clients/ or interop/nginx/ (known: " + regions.keySet()
            + ")");
      } else if (!block.text().equals(regions.get(block.name()).text())) {
        problems.add("README line " + block.line() + ": snippet " + block.name() + " differs from "
            + regions.get(block.name()).file() + "\n--- Expected (from the file) ---\n"
            + regions.get(block.name()).text() + "\n--- Actual (README) ---\n" + block.text());
      }
    }
    assertThat(problems).as("README snippets").isEmpty();
  }

  @Test
  void everySnippetRegionAppearsInTheReadme() throws Exception {
    Set<String> shown = Snippets.blocks(readme(), SECTION).stream()
        .map(Snippets.Block::name).filter(n -> n != null).collect(Collectors.toSet());
    Set<String> missing = new LinkedHashSet<>(Snippets.regions(Snippets.sourceFiles()).keySet());
    missing.removeAll(shown);
    assertThat(missing).as("snippet regions not shown in %s", readme()).isEmpty();
  }

  @Test
  void everyClientScriptIsRunByTheSuite() throws Exception {
    Set<String> run = InteropClients.scriptFiles();
    Set<String> present;
    try (Stream<Path> files = Files.list(Paths.clients())) {
      present = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    }
    assertThat(present).as("files in interop/clients/ vs the scripts InteropClients runs")
        .containsExactlyInAnyOrderElementsOf(run);
  }

  @Test
  void everyClientOfTheSuiteHasASnippet() throws Exception {
    Set<String> shown = Snippets.blocks(readme(), SECTION).stream()
        .map(Snippets.Block::name).filter(n -> n != null).collect(Collectors.toSet());
    for (InteropClient client : InteropClients.all()) {
      String snippet = client.name().equals("curl-via-nginx") ? "nginx" : client.name();
      assertThat(shown).as("a README snippet for client %s", client.name()).contains(snippet);
    }
  }
}
