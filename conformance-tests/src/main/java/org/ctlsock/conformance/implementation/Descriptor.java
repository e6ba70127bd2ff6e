package org.ctlsock.conformance.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.process.CommandTemplate;

/**
 * A target descriptor (spec 8.3.1), read strictly: an unknown or missing member is an error that names
 * it, so that a typo ({@code capabilites}) cannot silently drop a capability or an expected failure.
 * {@code language} and {@code version} (a shell command that prints the server's version) are for the
 * compatibility matrix of real servers ({@code fixtures/real/}); the kit itself only carries them.
 */
public record Descriptor(Path file, String name, CommandTemplate command, Set<Capability> capabilities,
        Map<String, ExpectedFailure> expectedFailures, List<String> requires, String description, String language,
        String version) {

    /** The members a descriptor may have, in the order messages list them. */
    private static final List<String> MEMBERS = List.of("name", "command", "capabilities", "expectedFailures",
            "requires", "description", "language", "version");
    private static final List<String> FAILURE_MEMBERS = List.of("clause", "case", "reason", "link", "intermittent");
    private static final Pattern CLAUSE_ID = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /** The directory of the descriptor file, which {@code {dir}} stands for. */
    public Path dir() {
        return file.toAbsolutePath().normalize().getParent();
    }

    public static Descriptor read(Path file) {
        return parse(file, StrictJson.read(() -> Files.readAllBytes(file), "descriptor " + file + ": "));
    }

    /**
     * The reference server's descriptor ({@code server/ctlsock.json}, packed into the kit), as if it were read
     * from {@code serverDir}: its {@code {dir}} is the server module, whose {@code target/} holds the jar.
     */
    public static Descriptor referenceServer(Path serverDir) {
        String resource = "/org/ctlsock/conformance/ctlsock.json";
        try (var in = Descriptor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new KitError("the kit was built without the reference server's descriptor " + resource);
            }
            return parse(serverDir.resolve("ctlsock.json"), StrictJson.read(in::readAllBytes,
                    "the kit's copy of server/ctlsock.json: "));
        } catch (IOException e) {
            throw new KitError("cannot read the kit's copy of server/ctlsock.json: " + e.getMessage(), e);
        }
    }

    static Descriptor parse(Path file, JsonNode root) {
        String where = "descriptor " + file + ": ";
        if (root == null || !root.isObject()) {
            throw new KitError(where + "must be a JSON object");
        }
        StrictJson.onlyMembers(root, MEMBERS, where);
        String name = requiredString(root, "name", where);
        String commandText = requiredString(root, "command", where);     // its own message, prefixed once
        CommandTemplate command;
        try {
            command = KitSettings.parseTemplate(commandText);
        } catch (KitError e) {
            throw new KitError(where + "member \"command\": " + e.getMessage(), e);
        }
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (String c : stringArray(root, "capabilities", where)) {
            caps.add(Capability.bySpecName(c).orElseThrow(() -> new KitError(where + "member \"capabilities\": "
                    + "unknown capability \"" + c + "\" (known: " + Capability.knownNames() + ")")));
        }
        JsonNode ef = root.get("expectedFailures");
        if (ef != null && !ef.isArray()) {
            throw new KitError(where + "member \"expectedFailures\" must be an array");
        }
        Map<String, ExpectedFailure> failures = ef == null ? new LinkedHashMap<>() : expectedFailures(ef, where);
        List<String> requires = stringArray(root, "requires", where);
        return new Descriptor(file, name, command, caps, failures, requires,
                optionalString(root, "description", where), optionalString(root, "language", where),
                optionalString(root, "version", where));
    }

    /**
     * The entries of an {@code expectedFailures} array (a descriptor's member, or an {@code --expected-failures}
     * file, which has the same shape), checked strictly; {@code where} starts every error message.
     */
    public static Map<String, ExpectedFailure> expectedFailures(JsonNode ef, String where) {
        Map<String, ExpectedFailure> failures = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode f : ef) {
            String at = where + "expectedFailures[" + i++ + "]: ";
            if (!f.isObject()) {
                throw new KitError(at + "must be an object {\"clause\", \"reason\", \"link\"}");
            }
            StrictJson.onlyMembers(f, FAILURE_MEMBERS, at);
            String clause = requiredString(f, "clause", at);
            if (!CLAUSE_ID.matcher(clause).matches()) {
                throw new KitError(at + "\"clause\" must be a clause id like 4.2.2, not \"" + clause + "\"");
            }
            if (SpecCatalog.bundled().find(clause).isEmpty()) {
                throw new KitError(at + "\"" + clause + "\" is not a clause of spec "
                        + SpecCatalog.bundled().version() + " (see spec/clauses.json)");
            }
            String reason = requiredString(f, "reason", at);
            JsonNode link = f.get("link");
            if (link != null && !link.isTextual()) {
                throw new KitError(at + "\"link\" must be a string");
            }
            JsonNode caseId = f.get("case");
            if (caseId != null && !(caseId.isTextual() && caseId.asText().startsWith(clause + "/"))) {
                throw new KitError(at + "\"case\" must be the id of a case of clause " + clause + " as the "
                        + "reports print it (" + clause + "/…), not " + caseId);
            }
            JsonNode intermittent = f.get("intermittent");
            if (intermittent != null && !intermittent.isBoolean()) {
                throw new KitError(at + "\"intermittent\" must be true or false, not " + intermittent);
            }
            ExpectedFailure e = new ExpectedFailure(clause, caseId == null ? null : caseId.asText(), reason,
                    link == null ? null : link.asText(), intermittent != null && intermittent.asBoolean());
            if (failures.put(e.key(), e) != null) {
                throw new KitError(at + (caseId == null ? "clause " : "case ") + e.key() + " is listed twice");
            }
        }
        return failures;
    }

    /**
     * An expected-failures file ({@code --expected-failures FILE}): a JSON array of the shape of a descriptor's
     * {@code expectedFailures} member, read by the same code, so that the two can never disagree on what is allowed.
     */
    public static Map<String, ExpectedFailure> readExpectedFailures(Path file) {
        String where = "expected-failures file " + file + ": ";
        JsonNode list = StrictJson.read(() -> Files.readAllBytes(file), where);
        if (list == null || !list.isArray()) {
            throw new KitError(where + "must be a JSON array of {\"clause\", \"reason\", \"link\"} objects "
                    + "(the shape of a descriptor's \"expectedFailures\")");
        }
        return expectedFailures(list, where);
    }

    private static String optionalString(JsonNode node, String member, String where) {
        JsonNode v = node.get(member);
        if (v != null && !v.isTextual()) {
            throw new KitError(where + "member \"" + member + "\" must be a string");
        }
        return v == null ? null : v.asText();
    }

    private static String requiredString(JsonNode node, String member, String where) {
        JsonNode v = node.get(member);
        if (v == null) {
            throw new KitError(where + "missing required member \"" + member + "\"");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new KitError(where + "member \"" + member + "\" must be a non-empty string");
        }
        return v.asText();
    }

    private static List<String> stringArray(JsonNode node, String member, String where) {
        JsonNode v = node.get(member);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new KitError(where + "member \"" + member + "\" must be an array of strings");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new KitError(where + "member \"" + member + "\" must be an array of strings, found " + e);
            }
            out.add(e.asText());
        }
        return out;
    }
}
