package dev.storefleet.viewmodel.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The values a rollout sets on every store, as the operator types them: YAML (as in a values
 * file) or {@code key=value} lines as {@code helm --set} takes them ({@code woocommerce.currency=EUR};
 * dots nest; the value is typed as YAML types it, so {@code replicas=2} is a number). Parsed by
 * snakeyaml-engine; a mistake is told with its line.
 */
final class ValuesText {
    private static final Pattern SET_LINE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*\\s*=.*");

    /** Values that cannot be read: the words say where and why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private ValuesText() {
    }

    static Map<String, Object> parse(String text) throws Invalid {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return Map.of();
        }
        List<String> lines = trimmed.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.stream().allMatch(l -> SET_LINE.matcher(l).matches() && !l.substring(0, l.indexOf('=')).contains(":"))) {
            return setLines(trimmed);
        }
        return yaml(trimmed);
    }

    private static Map<String, Object> setLines(String text) throws Invalid {
        Map<String, Object> values = new LinkedHashMap<>();
        int number = 0;
        for (String raw : text.lines().toList()) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
                throw new Invalid("Line " + number + ": '" + key + "' is not a key path (write a.b.c=value).");
            }
            Object typed = value.isEmpty() ? "" : scalar(value, number);
            Map<String, Object> at = values;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = at.get(parts[i]);
                if (next != null && !(next instanceof Map)) {
                    throw new Invalid("Line " + number + ": '" + key + "' goes below '" + parts[i]
                            + "', which an earlier line set to a value.");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> child = next == null ? new LinkedHashMap<>() : (Map<String, Object>) next;
                at.put(parts[i], child);
                at = child;
            }
            at.put(parts[parts.length - 1], typed);
        }
        return values;
    }

    private static Object scalar(String value, int number) throws Invalid {
        try {
            Object typed = new Load(LoadSettings.builder().build()).loadFromString(value);
            return typed instanceof Map || typed instanceof List ? value : typed;
        } catch (YamlEngineException e) {
            throw new Invalid("Line " + number + ": the value '" + value + "' cannot be read (" + firstLine(e) + ").");
        }
    }

    private static Map<String, Object> yaml(String text) throws Invalid {
        Object loaded;
        try {
            loaded = new Load(LoadSettings.builder().setLabel("values").build()).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new Invalid((line > 0 ? "Line " + line + ": " : "") + "this is neither YAML nor key=value lines ("
                    + e.getProblem() + ").");
        } catch (YamlEngineException e) {
            throw new Invalid("This is neither YAML nor key=value lines (" + firstLine(e) + ").");
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new Invalid("Values are keys with values (currency: EUR, or woocommerce.currency=EUR), not a single "
                    + (loaded instanceof List ? "list" : "value") + ".");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            values.put(String.valueOf(e.getKey()), e.getValue());
        }
        return values;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
