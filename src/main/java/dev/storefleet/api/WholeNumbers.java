package dev.storefleet.api;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Numbers in paths and query strings, written one way only: ASCII digits, no sign, no spaces, no
 * leading zero (but {@code 0} itself), within {@code long}. {@code Long.parseLong} alone would also
 * take {@code +1}, {@code 01}, fullwidth {@code １} and Arabic-Indic {@code ١}, so that several
 * spellings would name one store.
 */
final class WholeNumbers {
    /** {@code [0-9]} is ASCII only in Java's regex unless UNICODE_CHARACTER_CLASS is on. */
    private static final Pattern CANONICAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    private WholeNumbers() {
    }

    /** The number {@code text} spells canonically, or empty (also past {@link Long#MAX_VALUE}). */
    static OptionalLong parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) { // 19 digits above Long.MAX_VALUE
            return OptionalLong.empty();
        }
    }
}
