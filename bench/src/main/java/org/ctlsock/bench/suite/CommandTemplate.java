package org.ctlsock.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command template as spec clause 8.2.1 defines it: words separated by spaces, a word may be
 * double-quoted to contain spaces; {@code {socket}} becomes the socket path, {@code {dir}} the
 * descriptor's directory, and the word {@code {options}} zero or more option words (none here: the
 * benchmark tests no optional capability).
 */
public final class CommandTemplate {

    private final List<String> words;

    private CommandTemplate(List<String> words) {
        this.words = words;
    }

    /** Parses a template that must contain {@code {socket}} (every descriptor's does, clause 8.2.1). */
    public static CommandTemplate parse(String template) {
        return parse(template, true);
    }

    /**
     * @param requireSocket false for a command that learns its socket another way (nginx reads it
     *     from the configuration file the benchmark writes)
     */
    public static CommandTemplate parse(String template, boolean requireSocket) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inQuotes = false;
        boolean hasWord = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
                hasWord = true;
            } else if (c == ' ' && !inQuotes) {
                if (hasWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    hasWord = false;
                }
            } else {
                word.append(c);
                hasWord = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("unbalanced double quote in command template: " + template);
        }
        if (hasWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command template");
        }
        if (requireSocket && words.stream().noneMatch(w -> w.contains("{socket}"))) {
            throw new IllegalArgumentException("the command template has no {socket}: " + template);
        }
        return new CommandTemplate(List.copyOf(words));
    }

    /** The command line for a socket path, with {@code {dir}} replaced by {@code dir} (may be null when unused). */
    public List<String> expand(Path socket, Path dir) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.equals("{options}")) {
                continue;
            }
            if (w.contains("{dir}")) {
                if (dir == null) {
                    throw new IllegalArgumentException("{dir} used in a template that has no descriptor directory");
                }
                w = w.replace("{dir}", dir.toString());
            }
            out.add(w.replace("{socket}", socket.toString()));
        }
        return out;
    }

    public List<String> words() {
        return words;
    }
}
