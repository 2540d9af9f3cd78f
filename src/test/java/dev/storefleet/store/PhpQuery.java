package dev.storefleet.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string (or form body) read the way PHP fills {@code $_GET} and {@code $_POST}
 * ({@code parse_str}): names and values URL-decoded with {@code +} as a space, dots and spaces in
 * a name turned into underscores, {@code name[a][b]} and {@code name[]} into nested arrays, and a
 * repeated name keeping its last value in the place of its first. Values are {@code String} or a
 * nested {@code Map<String, Object>}. WooCommerce verifies OAuth signatures over exactly this,
 * which is where it departs from RFC 5849 (see {@link WooCommerceAuthentication}).
 */
final class PhpQuery {
    private PhpQuery() {
    }

    static Map<String, Object> parse(String raw) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = urldecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : urldecode(pair.substring(eq + 1));
            put(result, name, value);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, String name, String value) {
        name = name.stripLeading();
        if (name.isEmpty()) {
            return;
        }
        int open = name.indexOf('[');
        String base = open < 0 ? name : name.substring(0, open);
        List<String> subKeys = new ArrayList<>();
        if (open >= 0) {
            int at = open;
            while (at < name.length() && name.charAt(at) == '[') {
                int close = name.indexOf(']', at);
                if (close < 0) {
                    break;
                }
                subKeys.add(name.substring(at + 1, close));
                at = close + 1;
            }
            if (subKeys.isEmpty()) { // "a[b" : PHP keeps the bracket as an underscore
                base = name.replace('[', '_');
            }
        }
        base = base.replace('.', '_').replace(' ', '_');
        if (base.isEmpty()) {
            return;
        }
        if (subKeys.isEmpty()) {
            into.put(base, value);
            return;
        }
        Object existing = into.get(base);
        Map<String, Object> node = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        into.put(base, node);
        for (int i = 0; i < subKeys.size(); i++) {
            String key = subKeys.get(i).isEmpty() ? Integer.toString(nextIndex(node)) : subKeys.get(i);
            if (i == subKeys.size() - 1) {
                node.put(key, value);
            } else {
                Object child = node.get(key);
                Map<String, Object> next = child instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
                node.put(key, next);
                node = next;
            }
        }
    }

    private static int nextIndex(Map<String, Object> array) {
        int next = 0;
        for (String k : array.keySet()) {
            if (k.matches("-?[0-9]+")) {
                next = Math.max(next, Integer.parseInt(k) + 1);
            }
        }
        return next;
    }

    /** PHP {@code urldecode}: {@code +} is a space, {@code %XX} a byte, anything else as it is. */
    static String urldecode(String s) {
        return decode(s, true);
    }

    /** PHP {@code rawurldecode}: like {@link #urldecode} but {@code +} stays a plus. */
    static String rawurldecode(String s) {
        return decode(s, false);
    }

    private static String decode(String s, boolean plusIsSpace) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else if (b == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    /** PHP {@code rawurlencode} (RFC 3986): everything but {@code A-Z a-z 0-9 - _ . ~}. */
    static String rawurlencode(String s) {
        return OAuth1Signer.encode(s);
    }
}
