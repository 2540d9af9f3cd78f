package dev.storefleet.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What rolling a release back would change: the user-supplied values of the current revision
 * against those of the target one, flattened to paths ({@code ingress.host}, {@code env[0].name},
 * {@code annotations["kubernetes.io/tls"]}), plus the chart when it differs. Values under a key
 * that looks like a secret are never carried in clear, only as {@link #MASK}.
 */
public record ValuesDiff(int fromRevision, String chartBefore, int toRevision, String chartAfter,
        List<Change> changes) {

    /** Shown instead of a secret's value. */
    public static final String MASK = "••••••";

    private static final Pattern SECRET = Pattern.compile("pass|pwd|secret|token|key|credential|salt");
    private static final Pattern PLAIN_KEY = Pattern.compile("[^.\\[\\]\"]+");
    private static final Pattern LOOKS_TYPED = Pattern.compile("(?i)-?\\d+(\\.\\d+)?(e[-+]?\\d+)?|true|false|yes|no|on|off|null|~");

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One leaf that differs; {@code before} is null when added, {@code after} null when removed. */
    public record Change(String path, Kind kind, String before, String after) {
    }

    public ValuesDiff {
        changes = List.copyOf(changes);
    }

    /**
     * @param before the values of revision {@code fromRevision} (the current one)
     * @param after  the values of revision {@code toRevision} (what the release returns to)
     */
    public static ValuesDiff between(int fromRevision, String chartBefore, Map<String, ?> before,
            int toRevision, String chartAfter, Map<String, ?> after) {
        Map<String, Object> was = flatten(before);
        Map<String, Object> will = flatten(after);
        TreeSet<String> paths = new TreeSet<>(was.keySet());
        paths.addAll(will.keySet());
        List<Change> changes = new ArrayList<>();
        for (String path : paths) {
            boolean had = was.containsKey(path);
            boolean has = will.containsKey(path);
            Kind kind = !had ? Kind.ADDED : !has ? Kind.REMOVED : sameLeaf(was.get(path), will.get(path)) ? null
                    : Kind.CHANGED;
            if (kind != null) {
                changes.add(new Change(path, kind, had ? shown(path, was.get(path)) : null,
                        has ? shown(path, will.get(path)) : null));
            }
        }
        return new ValuesDiff(fromRevision, chartBefore, toRevision, chartAfter, changes);
    }

    public boolean chartChanges() {
        return !Objects.equals(chartBefore, chartAfter);
    }

    public boolean noValueChanges() {
        return changes.isEmpty();
    }

    /** A one-line account: the revisions, the chart if it changes, how many values change. */
    public String summary() {
        String chart = chartChanges() ? "; chart " + chartBefore + " → " + chartAfter : "";
        String values = noValueChanges() ? "No value changes; only the chart/revision."
                : changes.size() + (changes.size() == 1 ? " value changes." : " values change.");
        return "Revision " + fromRevision + " → " + toRevision + chart + ". " + values;
    }

    /** Whether a value under this path is shown masked (any segment names a password, key, token…). */
    public static boolean isSecret(String path) {
        return SECRET.matcher(path.toLowerCase(Locale.ROOT)).find();
    }

    /** Leaves by path; an empty map or list is a leaf of its own, so adding one still shows. */
    static Map<String, Object> flatten(Map<String, ?> values) {
        Map<String, Object> leaves = new TreeMap<>();
        if (values != null) {
            values.forEach((key, value) -> flatten(segment("", String.valueOf(key)), value, leaves));
        }
        return leaves;
    }

    private static void flatten(String path, Object value, Map<String, Object> leaves) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> flatten(segment(path, String.valueOf(key)), child, leaves));
        } else if (value instanceof Collection<?> list && !list.isEmpty()) {
            int i = 0;
            for (Object item : list) {
                flatten(path + "[" + i++ + "]", item, leaves);
            }
        } else {
            leaves.put(path, value);
        }
    }

    private static String segment(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
    }

    /** Equal leaves; 2 and 2L are the same number, 2 and "2" are not the same value. */
    private static boolean sameLeaf(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException e) {
                return x.equals(y); // NaN, infinities
            }
        }
        return Objects.equals(a, b);
    }

    private static String shown(String path, Object leaf) {
        return isSecret(path) ? MASK : render(leaf);
    }

    /** A leaf as an operator reads it; a string is quoted only when it would pass for another type. */
    static String render(Object leaf) {
        if (leaf == null) {
            return "null";
        }
        if (leaf instanceof Map<?, ?>) {
            return "{}";
        }
        if (leaf instanceof Collection<?>) {
            return "[]";
        }
        if (leaf instanceof String s) {
            boolean ambiguous = s.isEmpty() || !s.strip().equals(s) || LOOKS_TYPED.matcher(s).matches();
            return ambiguous ? "\"" + s + "\"" : s;
        }
        return String.valueOf(leaf);
    }
}
