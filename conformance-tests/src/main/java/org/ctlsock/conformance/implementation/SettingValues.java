package org.ctlsock.conformance.implementation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ctlsock.conformance.KitError;

/**
 * The values of a run's {@link Setting}s as they were given, not yet checked: first the command line (values
 * follow as the next word or after {@code =}, {@code --clause=4.2}), then, for each setting the command line does
 * not give, its {@code -D} property (blank means not given). The target is one choice: a command line that names
 * one of {@code --target}, {@code --descriptor} and {@code --socket} ignores the properties of all three. Every
 * message about a value names where it came from ({@link #source}), the option or the property.
 */
public final class SettingValues {
    private static final List<Setting> TARGETS = List.of(Setting.TARGET, Setting.DESCRIPTOR, Setting.SOCKET);

    private final Map<Setting, List<String>> values = new EnumMap<>(Setting.class);
    private final Set<Setting> onCommandLine = EnumSet.noneOf(Setting.class);
    private final Function<String, String> properties;
    /** What the invocation asks for besides a run: the last of --list, --help and --version given, or null. */
    private Setting action;

    private SettingValues(Function<String, String> properties) {
        this.properties = properties;
    }

    /** The command line {@code args}, then the {@code -D} properties {@code properties} for what it leaves out. */
    public static SettingValues parse(Function<String, String> properties, String... args) {
        SettingValues v = new SettingValues(properties);
        v.readCommandLine(new ArrayDeque<>(List.of(args)));
        boolean targetGiven = TARGETS.stream().anyMatch(v.onCommandLine::contains);
        for (Setting s : Setting.values()) {
            String value = s.property() == null ? null : properties.apply(s.property());
            boolean given = v.onCommandLine.contains(s) || (targetGiven && TARGETS.contains(s));
            if (value != null && !value.isBlank() && !given) {
                v.add(s, s.arity == Setting.Arity.FLAG ? Boolean.toString(Boolean.parseBoolean(value.strip())) : value);
            }
        }
        return v;
    }

    private void readCommandLine(Deque<String> rest) {
        while (!rest.isEmpty()) {
            String word = rest.poll();
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                value = word.substring(eq + 1);
                word = word.substring(0, eq);
            }
            String option = word;
            Setting s = Setting.byOption(word).orElseThrow(() -> new KitError("unknown option " + option));
            onCommandLine.add(s);
            if (s.arity == Setting.Arity.FLAG) {
                action = List.of(Setting.LIST, Setting.HELP, Setting.VERSION).contains(s) ? s : action;
                add(s, "true");
                continue;
            }
            if (value == null) {
                if (rest.isEmpty() || rest.peek().startsWith("--")) {
                    throw new KitError("option " + word + " needs a value");
                }
                value = rest.poll();
            }
            add(s, value);
        }
    }

    private void add(Setting s, String value) {
        List<String> list = values.computeIfAbsent(s, k -> new ArrayList<>());
        if (s.arity == Setting.Arity.ONCE && !list.isEmpty()) {
            throw new KitError(s.option() + " given twice");
        }
        if (s.arity == Setting.Arity.ONCE && value.isBlank()) {
            throw new KitError(s.option() + " needs a non-empty value");
        }
        if (s.arity != Setting.Arity.LIST) {
            list.clear();
        }
        list.addAll(s.arity == Setting.Arity.LIST ? split(value) : List.of(value));
    }

    /** Gives {@code s} the value {@code value} unless a source gave it one (a default of one route). */
    public void setDefault(Setting s, String value) {
        values.putIfAbsent(s, new ArrayList<>(List.of(value)));
    }

    /** The value given (for a list, its last word), or null. */
    public String get(Setting s) {
        List<String> v = values.get(s);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    public boolean given(Setting s) {
        return get(s) != null;
    }

    /** Every word of a list setting ({@code --clause 4.2,5.1 --clause 6}), in order. */
    public List<String> list(Setting s) {
        return List.copyOf(values.getOrDefault(s, List.of()));
    }

    public boolean flag(Setting s) {
        return Boolean.parseBoolean(get(s));
    }

    /** The value of a typed setting ({@link Setting.Type}): the one given, else the table's default. */
    public <T> T typed(Setting s) {
        return typed(s, null);
    }

    /**
     * The value of a typed setting: the one given, else {@code fallback} (a case that keeps its own count), else the
     * table's default. A value that is not of its type is a {@link KitError} that names its source: the one message
     * for every count, scale and duration.
     */
    @SuppressWarnings("unchecked")
    public <T> T typed(Setting s, T fallback) {
        String text = get(s);
        if (text == null || text.isBlank()) {
            return fallback != null ? fallback : defaultOf(s);
        }
        try {
            Optional<?> value = s.type.read.apply(text.strip());
            if (value.isPresent()) {
                return (T) value.get();
            }
        } catch (RuntimeException e) {
            // not a number at all: the message below
        }
        throw new KitError(source(s) + " must be " + s.type.what + ", not \"" + text + "\"");
    }

    /** The value a typed setting has when no source gives one. */
    @SuppressWarnings("unchecked")
    public static <T> T defaultOf(Setting s) {
        return (T) s.type.read.apply(s.defaultValue).orElseThrow();
    }

    /** --list, --help or --version when the invocation asks for one of them; null for a run. */
    public Setting action() {
        return action;
    }

    /** Where the value of {@code s} came from, for messages: {@code --timeout-scale} or {@code -Dctlsock.timeoutScale}.
     */
    public String source(Setting s) {
        return onCommandLine.contains(s) || s.property() == null ? s.option() : "-D" + s.property();
    }

    /** A property outside the table (the Maven build's {@code ctlsock.server.jar}). */
    public String property(String key) {
        return properties.apply(key);
    }

    /** The non-blank words of a comma-separated list, stripped. */
    public static List<String> split(String list) {
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip).filter(w -> !w.isEmpty())
                .toList();
    }
}
