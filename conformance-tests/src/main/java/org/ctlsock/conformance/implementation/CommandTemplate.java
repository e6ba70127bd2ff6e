package org.ctlsock.conformance.implementation;

import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.KitError;

/**
 * The kit's view of a command template (spec 8.2.1): the words are split and filled in by the one tokenizer in
 * {@link org.ctlsock.process.CommandTemplate}; this adds the kit's rules, that a template must say where the
 * socket goes and that a template it cannot use is a {@link KitError} (a configuration problem, not a verdict).
 */
public final class CommandTemplate {
    private final org.ctlsock.process.CommandTemplate template;

    private CommandTemplate(org.ctlsock.process.CommandTemplate template) {
        this.template = template;
    }

    public static CommandTemplate parse(String template) {
        try {
            return new CommandTemplate(org.ctlsock.process.CommandTemplate.parse(template).requireSocket());
        } catch (IllegalArgumentException e) {
            throw new KitError(e.getMessage(), e);
        }
    }

    /** The command line for one launch; option words go where {@link org.ctlsock.process.CommandTemplate} says. */
    public List<String> expand(Path socket, Path dir, List<String> options) {
        try {
            return template.expand(socket, dir, options);
        } catch (IllegalArgumentException e) {
            throw new KitError(e.getMessage(), e);
        }
    }

    public boolean hasOptionsWord() {
        return template.hasOptionsWord();
    }

    public List<String> words() {
        return template.words();
    }

    @Override
    public String toString() {
        return template.toString();
    }
}
