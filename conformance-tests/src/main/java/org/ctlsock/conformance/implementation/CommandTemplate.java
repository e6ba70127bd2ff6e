package org.ctlsock.conformance.implementation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ctlsock.conformance.KitError;

/**
 * A command template (spec 8.2.1): words separated by spaces, double quotes group a word that contains
 * spaces; the word {@code {socket}} becomes the socket path, {@code {dir}} (also inside a word, e.g.
 * {@code {dir}/server.py}) the descriptor's directory, and the word {@code {options}} zero or more option
 * words (which go just before {@code {socket}} when the template has no {@code {options}}).
 */
public final class CommandTemplate {
    private final String source;
    private final List<String> words;

    private CommandTemplate(String source, List<String> words) {
        this.source = source;
        this.words = words;
    }

    public static CommandTemplate parse(String template) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
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
            throw new KitError("command template has an unclosed double quote: " + template);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new KitError("command template is empty");
        }
        if (!words.contains("{socket}")) {
            throw new KitError("command template has no {socket} word, so the kit cannot tell the target "
                    + "where to listen: " + template);
        }
        return new CommandTemplate(template, Collections.unmodifiableList(words));
    }

    /**
     * The command line for one launch. A template without {@code {options}} gets the option words just before
     * {@code {socket}} (spec 8.2.1), so that every target meets the option cases (3.3.3's unknown option too).
     */
    public List<String> expand(Path socket, Path dir, List<String> options) {
        List<String> out = new ArrayList<>();
        boolean optionsWord = hasOptionsWord();
        for (String w : words) {
            if (w.equals("{options}")) {
                out.addAll(options);
            } else if (w.equals("{socket}")) {
                if (!optionsWord) {
                    out.addAll(options);
                }
                out.add(socket.toString());
            } else {
                out.add(w.replace("{dir}", dir.toString()));
            }
        }
        return out;
    }

    public boolean hasOptionsWord() {
        return words.contains("{options}");
    }

    public List<String> words() {
        return words;
    }

    @Override
    public String toString() {
        return source;
    }
}
