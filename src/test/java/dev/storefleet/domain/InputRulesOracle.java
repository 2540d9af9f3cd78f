package dev.storefleet.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The input rules of docs/api.md ("Input rules"), written again for tests from the text, not
 * from the production code: Unicode categories through regex classes, the invisible
 * characters from Unicode's Default_Ignorable_Code_Point list, e-mail by hand. Fuzz tests ask
 * it which fields of a request break a rule and whether an accepted request was stored as the
 * rules say.
 */
public final class InputRulesOracle {
    private static final Pattern VISIBLE_CATEGORY = Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]");
    /** DerivedCoreProperties.txt, Default_Ignorable_Code_Point, as ranges. */
    private static final int[][] DEFAULT_IGNORABLE = {
        {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
        {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
    };
    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";

    private InputRulesOracle() {
    }

    /**
     * The fields of {@code asked} that break a rule, each with why. A name is only judged on its
     * characters and length: whether its slug comes out empty is {@link #surelyHasASlug}'s part.
     */
    public static Map<String, String> brokenFields(NewStoreRequest asked) {
        Map<String, String> broken = new LinkedHashMap<>();
        String name = spacesDropped(asked.name());
        String nameWhy = name.isEmpty() ? "missing" : textProblem(name, 63);
        if (nameWhy != null) {
            broken.put("name", nameWhy);
        }
        String owner = spacesDropped(asked.owner());
        String ownerWhy = owner.isEmpty() ? "missing" : textProblem(owner, 255);
        if (ownerWhy != null) {
            broken.put("owner", ownerWhy);
        }
        String email = spacesDropped(asked.email());
        String emailWhy = email.isEmpty() ? null : emailProblem(email);
        if (emailWhy != null) {
            broken.put("email", emailWhy);
        }
        if (typeOf(asked.type()) == null) {
            broken.put("type", "not woocommerce or medusa");
        }
        return broken;
    }

    /** A name with a plain ASCII letter or digit has a slug for sure (others may, after folding accents). */
    public static boolean surelyHasASlug(NewStoreRequest asked) {
        return spacesDropped(asked.name()).chars().anyMatch(c -> c < 0x80 && Character.isLetterOrDigit(c));
    }

    /** Why what was stored is not what the rules make of what was asked, or null. */
    public static String storedWrongly(NewStoreRequest asked, NewStoreRequest stored, String slug) {
        if (!brokenFields(asked).isEmpty()) {
            return "accepted although " + brokenFields(asked);
        }
        if (!spacesDropped(asked.name()).equals(stored.name())) {
            return "name stored as " + escaped(stored.name());
        }
        if (!spacesDropped(asked.owner()).equals(stored.owner())) {
            return "owner stored as " + escaped(stored.owner());
        }
        String email = spacesDropped(asked.email());
        if (!(email.isEmpty() ? stored.email() == null : email.equals(stored.email()))) {
            return "e-mail stored as " + escaped(stored.email());
        }
        if (!typeOf(asked.type()).equals(stored.type())) {
            return "type stored as " + escaped(stored.type());
        }
        if (slug == null || slug.isEmpty() || slug.length() > 30 || !slug.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            return "slug " + escaped(slug) + " is not a DNS label of at most 30 characters";
        }
        return null;
    }

    /** Java source spelling of {@code text}, every character outside printable ASCII as an escape. */
    public static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }

    /** The chart name the type asks for, or null if it asks for none. */
    private static String typeOf(String type) {
        String wanted = spacesDropped(type);
        if (wanted.isEmpty()) {
            return "woocommerce";
        }
        StringBuilder lower = new StringBuilder();
        for (char c : wanted.toCharArray()) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        String chart = lower.toString();
        return chart.equals("woocommerce") || chart.equals("medusa") ? chart : null;
    }

    private static String spacesDropped(String text) {
        if (text == null) {
            return "";
        }
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return text.substring(from, to);
    }

    private static String textProblem(String text, int limit) {
        if (text.length() > limit || text.toLowerCase(java.util.Locale.ROOT).length() > limit) {
            return "longer than " + limit;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean visible = cp == ' ' || (VISIBLE_CATEGORY.matcher(Character.toString(cp)).matches()
                    && !defaultIgnorable(cp) && cp != 0xFFFD);
            if (!visible) {
                return String.format("holds U+%04X", cp);
            }
        }
        return null;
    }

    private static boolean defaultIgnorable(int cp) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (cp >= range[0] && cp <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private static String emailProblem(String email) {
        if (email.length() > 254) {
            return "longer than 254";
        }
        for (char c : email.toCharArray()) {
            if (c <= 0x20 || c >= 0x7F) {
                return String.format("holds U+%04X", (int) c);
            }
        }
        String[] parts = email.split("@", -1);
        if (parts.length != 2) {
            return "not one @";
        }
        String local = parts[0];
        if (local.isEmpty() || local.length() > 64 || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            return "bad local part";
        }
        for (char c : local.toCharArray()) {
            if (c != '.' && ATEXT.indexOf(c) < 0) {
                return "bad local part";
            }
        }
        String[] labels = parts[1].split("\\.", -1);
        if (labels.length < 2) {
            return "domain without a dot";
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return "bad domain label";
            }
            for (char c : label.toCharArray()) {
                if (c != '-' && !(c < 0x80 && Character.isLetterOrDigit(c))) {
                    return "bad domain label";
                }
            }
        }
        return null;
    }
}
