package dev.storefleet.testcluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/** Query-string parameters and field selectors ({@code metadata.name=x,metadata.namespace!=y}). */
final class Query {

    private Query() {
    }

    static String param(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static boolean fieldsMatch(String selector, JsonNode object) {
        for (String term : selector.split(",")) {
            if (term.isBlank()) {
                continue;
            }
            boolean negate = term.contains("!=");
            String[] kv = term.split(negate ? "!=" : "==?", 2);
            if (kv.length < 2) {
                continue;
            }
            String actual = Json.text(object, kv[0].trim().split("\\."));
            boolean equal = kv[1].trim().equals(actual == null ? "" : actual);
            if (equal == negate) {
                return false;
            }
        }
        return true;
    }

    /** Label selectors: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k}, {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}. */
    static boolean labelsMatch(String selector, JsonNode labels) {
        for (String term : selector.split(",(?![^()]*\\))")) {
            String t = term.trim();
            if (t.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher set = java.util.regex.Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)").matcher(t);
            boolean ok;
            if (set.matches()) {
                String actual = Json.text(labels, set.group(1));
                boolean in = actual != null && java.util.Arrays.stream(set.group(3).split(","))
                        .map(String::trim).anyMatch(actual::equals);
                ok = set.group(2).equals("in") == in;
            } else if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                ok = !kv[1].trim().equals(Json.text(labels, kv[0].trim()));
            } else if (t.contains("=")) {
                String[] kv = t.split("==?", 2);
                ok = kv[1].trim().equals(Json.text(labels, kv[0].trim()));
            } else if (t.startsWith("!")) {
                ok = !labels.has(t.substring(1).trim());
            } else {
                ok = labels.has(t);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
