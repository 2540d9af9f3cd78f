package dev.storefleet.domain;

import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The character rules of store input ("Input rules" in docs/api.md): which code points a field
 * may hold, and how to name one it may not in plain words. A stored name must look exactly like
 * what the operator sees, so anything invisible, or a space that is not the plain one, is refused
 * rather than silently dropped or kept.
 */
final class InputText {
    private InputText() {
    }

    /** A code point a field may not hold, at its 1-based position in the value as given. */
    record BadCharacter(int codePoint, int position) {
        /** "U+0085 (a control character) at position 4". */
        String words() {
            return String.format("U+%04X (%s) at position %d", codePoint, kind(codePoint), position);
        }

        /** The same character in a value that had {@code characters} more before it. */
        BadCharacter shiftedBy(int characters) {
            return new BadCharacter(codePoint, position + characters);
        }
    }

    /**
     * Drops plain spaces (U+0020) at both ends and nothing else: a tab, a no-break space or a
     * control character at an end is checked like one inside.
     */
    static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }

    /** The first code point of {@code text} that {@code allowed} refuses, if any. */
    static Optional<BadCharacter> firstBad(String text, IntPredicate allowed) {
        int position = 1;
        for (int i = 0; i < text.length(); position++) {
            int codePoint = text.codePointAt(i);
            if (!allowed.test(codePoint)) {
                return Optional.of(new BadCharacter(codePoint, position));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    /**
     * Names and owners: letters, marks, digits, punctuation, symbols and the plain space; not
     * the invisible ones among them (Unicode's default-ignorable letters and marks, such as
     * U+3164 or the variation selectors) nor U+FFFD, which a broken encoding leaves behind.
     */
    static boolean allowedInName(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        if (isInvisible(codePoint) || codePoint == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** E-mail addresses and store types: printable ASCII without the space (U+0021 to U+007E). */
    static boolean printableAscii(int codePoint) {
        return codePoint > ' ' && codePoint < 0x7F;
    }

    /**
     * {@code text} with every character a name may not hold written as {@code <U+0085>}: how a
     * refused name is kept in the audit log, where nothing invisible may hide.
     */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (allowedInName(c)) {
                shown.appendCodePoint(c);
            } else {
                shown.append(String.format("<U+%04X>", c));
            }
        });
        return shown.toString();
    }

    /** Letters and marks that Unicode says show as nothing (Default_Ignorable_Code_Point). */
    private static boolean isInvisible(int codePoint) {
        return codePoint == 0x034F || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x17B4
                || codePoint == 0x17B5 || (codePoint >= 0x180B && codePoint <= 0x180F) || codePoint == 0x3164
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || codePoint == 0xFFA0
                || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }

    private static boolean isBidiControl(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C;
    }

    private static boolean isZeroWidth(int codePoint) {
        return (codePoint >= 0x200B && codePoint <= 0x200D) || codePoint == 0x2060 || codePoint == 0xFEFF;
    }

    /** What a refused character is, in the words an operator knows. */
    static String kind(int codePoint) {
        if (codePoint == '\t') {
            return "a control character: a tab";
        }
        if (codePoint == '\n' || codePoint == '\r') {
            return "a control character: a line break";
        }
        if (codePoint == ' ') {
            return "a space";
        }
        if (codePoint == 0x00A0 || codePoint == 0x2007 || codePoint == 0x202F) {
            return "a no-break space";
        }
        if (codePoint == 0xFFFD) {
            return "the replacement character a broken text encoding leaves";
        }
        if (isBidiControl(codePoint)) {
            return "an invisible text-direction control";
        }
        if (isZeroWidth(codePoint)) {
            return "a zero-width character";
        }
        if (isInvisible(codePoint)) {
            return "a character that shows as nothing";
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "an invisible formatting character";
            case Character.SURROGATE -> "half of a character whose other half is missing";
            case Character.PRIVATE_USE -> "a private-use character";
            case Character.UNASSIGNED -> "a code point Unicode has not assigned";
            case Character.LINE_SEPARATOR -> "a line separator";
            case Character.PARAGRAPH_SEPARATOR -> "a paragraph separator";
            case Character.SPACE_SEPARATOR -> "a space other than the plain space";
            default -> codePoint > 0x7F ? "a character outside plain ASCII" : "a character not allowed here";
        };
    }
}
