package org.ctlsock.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command template (spec 8.2.1): words separated by spaces; double quotes group a word that contains spaces.
 * {@code {socket}} becomes the socket path and {@code {dir}} the descriptor's directory, each also inside a word
 * ({@code --bind unix:{socket}}, {@code {dir}/server.py}); the word {@code {options}} becomes zero or more option
 * words.
 *
 * <p>A template without {@code {options}} still gets the option words, so that every target meets the option
 * cases (3.3.3's unknown option too): just before a word that is exactly {@code {socket}} (the positional socket
 * path of spec 8.2.1), or just after a word that merely contains it, since that word is usually an option's value
 * ({@code --bind unix:{socket}}) that must stay next to its option.
 */
public final class CommandTemplate {
    private static final String SOCKET = "{socket}";
    private static final String DIR = "{dir}";
    private static final String OPTIONS = "{options}";

    private final String source;
    private final List<String> words;

    private CommandTemplate(String source, List<String> words) {
        this.source = source;
        this.words = words;
    }

    /**
     * Splits a template into words. Throws {@link IllegalArgumentException} for an unclosed quote or an empty
     * template; whether {@code {socket}} must appear is the caller's rule ({@link #requireSocket()}).
     */
    public static CommandTemplate parse(String template) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true; // "" is an empty word
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("command template has an unclosed double quote: " + template);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("command template is empty");
        }
        return new CommandTemplate(template, List.copyOf(words));
    }

    /** This template, if some word mentions {@code {socket}}; else an {@link IllegalArgumentException} saying so. */
    public CommandTemplate requireSocket() {
        if (!mentionsSocket()) {
            throw new IllegalArgumentException("command template has no {socket} word (nor a word containing it), so "
                    + "the target cannot be told where to listen: " + source);
        }
        return this;
    }

    public boolean mentionsSocket() {
        return words.stream().anyMatch(w -> w.contains(SOCKET));
    }

    public boolean hasOptionsWord() {
        return words.contains(OPTIONS);
    }

    public List<String> words() {
        return words;
    }

    /** The command line with no option words. */
    public List<String> expand(Path socket, Path dir) {
        return expand(socket, dir, List.of());
    }

    /**
     * The command line for one launch. {@code dir} may be null when the template has no {@code {dir}}; so may
     * {@code socket} when it has no {@code {socket}} (a command that reads its socket from a file it is given).
     */
    public List<String> expand(Path socket, Path dir, List<String> options) {
        List<String> out = new ArrayList<>();
        boolean optionsPlaced = hasOptionsWord();
        for (String w : words) {
            if (w.equals(OPTIONS)) {
                out.addAll(options);
                continue;
            }
            boolean socketWord = w.contains(SOCKET);
            if (socketWord && !optionsPlaced && w.equals(SOCKET)) {
                out.addAll(options);
                optionsPlaced = true;
            }
            out.add(fill(fill(w, SOCKET, socket), DIR, dir));
            if (socketWord && !optionsPlaced) {
                out.addAll(options);
                optionsPlaced = true;
            }
        }
        return out;
    }

    private String fill(String word, String placeholder, Path value) {
        if (!word.contains(placeholder)) {
            return word;
        }
        if (value == null) {
            throw new IllegalArgumentException("command template uses " + placeholder + " but no value was given: "
                    + source);
        }
        return word.replace(placeholder, value.toString());
    }

    @Override
    public String toString() {
        return source;
    }
}
