package dev.storefleet.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Every name Storefleet gives a store's Kubernetes things, derived in this one place.
 *
 * <p>The display name is free text ("My Store"). From it comes a slug ({@code my-store}): a
 * DNS-1123 label of at most {@value Guardrails#MAX_SLUG_LENGTH} characters. The namespace and the Helm
 * release are both {@code store-<slug>}: the prefix makes them start with a letter (a Service
 * name must), and the short slug leaves room for the chart's own suffixes within Kubernetes'
 * 63-character limits (StatefulSet pods and their revision labels are the tightest).
 */
public final class StoreNames {
    public static final String NAMESPACE_PREFIX = "store-";

    /** Length of the hash suffix that keeps two long names with the same start apart. */
    private static final int HASH_LENGTH = 6;

    private StoreNames() {
    }

    /**
     * The slug of a display name: accents folded ("Café" gives "cafe"), anything that is not
     * a-z or 0-9 becomes one dash, no dash at either end. A name longer than the limit keeps
     * its start and gets a short hash of the whole, so the slug stays unique and stable.
     * Returns an empty string when the name has no usable letter or digit.
     */
    public static String slugOf(String displayName) {
        String folded = Normalizer.normalize(transliterate(displayName), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() <= Guardrails.MAX_SLUG_LENGTH) {
            return slug;
        }
        String head = slug.substring(0, Guardrails.MAX_SLUG_LENGTH - HASH_LENGTH - 1).replaceAll("-+$", "");
        return head + "-" + shortHash(slug);
    }

    /**
     * A name as typed, for the audit row of a refused request: characters a name may not hold
     * are written as {@code <U+XXXX>}, so nothing invisible reaches the activity feed or its CSV.
     */
    public static String shown(String typed) {
        return typed == null ? null : InputText.shown(typed);
    }

    /** The key under which display names are unique: trimmed, case folded. */
    public static String nameKey(String displayName) {
        return displayName.trim().toLowerCase(Locale.ROOT);
    }

    public static String namespaceOf(String slug) {
        return NAMESPACE_PREFIX + slug;
    }

    public static String releaseOf(String slug) {
        return NAMESPACE_PREFIX + slug;
    }

    /** Latin letters that Unicode decomposition leaves alone ("Straße" should read "strasse"). */
    private static String transliterate(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case 'ß' -> out.append("ss");
                case 'æ', 'Æ' -> out.append("ae");
                case 'œ', 'Œ' -> out.append("oe");
                case 'ø', 'Ø' -> out.append('o');
                case 'ł', 'Ł' -> out.append('l');
                case 'đ', 'Đ', 'ð', 'Ð' -> out.append('d');
                case 'þ', 'Þ' -> out.append("th");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
