package org.ctlsock.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The servers the suite runs every client against: the reference server jar, then the independent
 * implementations in {@code fixtures/} (Python, Node.js, Go) where their descriptors exist.
 * Broken and historical fixtures are deliberately not in the list: they fail by design.
 * {@code -Dctlsock.interop.descriptors=a.json,b.json} adds more targets;
 * {@code -Dctlsock.interop.targets=reference,go-stdlib} keeps only the named ones.
 */
final class ServerTargets {
  /** The independent implementations, by directory under fixtures/. */
  private static final List<String> FIXTURE_DIRS = List.of("python", "node", "nodejs", "go");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerTargets() {}

  static List<ServerTarget> all() {
    List<ServerTarget> targets = new ArrayList<>();
    targets.add(reference());
    for (String name : FIXTURE_DIRS) {
      Path dir = Paths.repo().resolve("fixtures").resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
            .map(ServerTargets::readDescriptor)
            .filter(t -> t != null)
            .forEach(targets::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String extra = System.getProperty("ctlsock.interop.descriptors", "").strip();
    if (!extra.isEmpty()) {
      for (String path : extra.split(",")) {
        ServerTarget target = readDescriptor(Path.of(path.strip()).toAbsolutePath());
        if (target == null) {
          throw new IllegalArgumentException(path + ": not a descriptor (no \"command\")");
        }
        targets.add(target);
      }
    }
    String only = System.getProperty("ctlsock.interop.targets", "").strip();
    if (!only.isEmpty()) {
      List<String> names = List.of(only.split(","));
      targets.removeIf(t -> !names.contains(t.name()));
    }
    return targets;
  }

  /** The reference server: {@code java -jar server/target/ctlsock-server.jar {socket}}. */
  static ServerTarget reference() {
    Path jar = Paths.serverJar();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ServerTarget("reference", "\"" + java + "\" -jar \"" + jar + "\" {options} {socket}",
        jar.getParent(), List.of(), null);
  }

  /** A descriptor of spec 8.3.1, or null for a JSON file that is not one (no "command"). */
  static ServerTarget readDescriptor(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root == null || !root.isObject() || !root.path("command").isTextual()) {
        return null;
      }
      List<String> requires = new ArrayList<>();
      root.path("requires").forEach(r -> requires.add(r.asText()));
      String name = root.path("name").asText(file.getParent().getFileName().toString());
      return new ServerTarget(name, root.get("command").asText(), file.getParent(), requires, file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": unreadable descriptor", e);
    }
  }
}
