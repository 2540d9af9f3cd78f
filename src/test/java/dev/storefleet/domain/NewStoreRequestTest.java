package dev.storefleet.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input rules of docs/api.md ("Input rules"), one by one. */
class NewStoreRequestTest {

    @Test
    void theSeedsExampleIsValidAndDefaultsToWooCommerce() {
        NewStoreRequest.ValidStoreRequest valid = new NewStoreRequest("My Store", "user-1", "owner@example.com", null)
                .validate();
        assertEquals("My Store", valid.name());
        assertEquals("my-store", valid.slug());
        assertEquals(StoreType.WOOCOMMERCE, valid.type());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new NewStoreRequest(" ", "", "not-an-email", "shopify").validate());
        assertEquals(List.of("name", "owner", "email", "type"), fields(e));
        assertEquals(400, e.kind().httpStatus());
        assertTrue(e.getMessage().contains("Store name is required."), e.getMessage());
        assertTrue(e.getMessage().contains("woocommerce or medusa"), e.getMessage());
    }

    @Test
    void badCharactersInEveryFieldAreReportedAtOnce() {
        ValidationException e = assertThrows(ValidationException.class, () -> new NewStoreRequest(
                "Shop\u0085", "ali\u200Bce", "ops\u00A0@example.com", "woocommerce\u0000").validate());
        assertEquals(List.of("name", "owner", "email", "type"), fields(e));
        List<String> messages = e.errors().stream().map(ValidationException.FieldError::message).toList();
        assertTrue(messages.get(0).contains("U+0085 (a control character) at position 5"), messages.get(0));
        assertTrue(messages.get(1).contains("U+200B (a zero-width character) at position 4"), messages.get(1));
        assertTrue(messages.get(2).contains("U+00A0 (a no-break space) at position 4"), messages.get(2));
        assertTrue(messages.get(3).contains("U+0000 (a control character) at position 12"), messages.get(3));
        assertTrue(e.getMessage().chars().allMatch(c -> c >= ' ' && c < 0x7F),
                "the message names bad characters, it does not repeat them: " + e.getMessage());
    }

    @Test
    void nameRules() {
        assertField("name", new NewStoreRequest("x".repeat(64), "o", null, null), "limit is 63");
        assertField("name", new NewStoreRequest("!!!", "o", null, null), "at least one letter");
        assertField("name", new NewStoreRequest("a\tb", "o", null, null), "U+0009 (a control character: a tab)");
        assertEquals("x".repeat(63), new NewStoreRequest("x".repeat(63), "o", null, null).validate().name());
    }

    @Test
    void theLengthLimitCountsTheStoredFormIncludingItsLowerCase() {
        assertField("name", new NewStoreRequest("\u0130".repeat(32), "o", null, null), "64 characters long");
        assertField("name", new NewStoreRequest("Shop " + "\uD83D\uDED2".repeat(30), "o", null, null),
                "65 characters long");
        assertField("owner", new NewStoreRequest("Shop", "\u0130".repeat(128), null, null), "limit is 255");
        assertEquals(255, new NewStoreRequest("Shop", "o".repeat(255), null, null).validate().owner().length());
        assertField("owner", new NewStoreRequest("Shop", "o".repeat(256), null, null), "limit is 255");
    }

    /** The characters the fuzzing of the API found accepted, in names and owners, at the start, inside and at the end. */
    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0001, 0x001C, 0x001F, 0x0080, 0x0085, 0x0089, 0x0093, 0x009F, 0x007F,
        0x000A, 0x000D, 0x0009, 0x000B})
    void controlCharactersAreRefusedAnywhereInNamesAndOwners(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a control character");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
        0x061C})
    void bidiControlsAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "an invisible text-direction control");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})
    void zeroWidthCharactersAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a zero-width character");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00AD, 0x2061, 0x2064, 0x206A, 0xFFF9, 0x110BD, 0x1D173, 0xE0001, 0xE0041})
    void otherFormatCharactersAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "an invisible formatting character");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x180B, 0xFE0F, 0xE0100})
    void lettersAndMarksThatShowAsNothingAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a character that shows as nothing");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00A0, 0x2007, 0x202F})
    void noBreakSpacesAreRefusedAlsoAtTheEnds(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a no-break space");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x1680, 0x2000, 0x2003, 0x2009, 0x200A, 0x205F, 0x3000})
    void spacesOtherThanThePlainOneAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a space other than the plain space");
    }

    @Test
    void lineAndParagraphSeparatorsAreRefused() {
        assertRefusedInNameAndOwner(0x2028, "a line separator");
        assertRefusedInNameAndOwner(0x2029, "a paragraph separator");
    }

    @ParameterizedTest
    @ValueSource(ints = {0xE000, 0xF8FF, 0xF0000, 0x10FFFD})
    void privateUseCharactersAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a private-use character");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0378, 0x0530, 0xFFFF, 0xFDD0, 0x2FFFF, 0x10FFFF})
    void unassignedCodePointsAreRefused(int codePoint) {
        assertRefusedInNameAndOwner(codePoint, "a code point Unicode has not assigned");
    }

    @Test
    void theReplacementCharacterOfABrokenEncodingIsRefused() {
        assertRefusedInNameAndOwner(0xFFFD, "the replacement character a broken text encoding leaves");
    }

    @Test
    void loneSurrogatesAreRefused() {
        String half = "half of a character whose other half is missing";
        assertField("name", new NewStoreRequest("Shop\uD83D", "o", null, null), "U+D83D (" + half + ") at position 5");
        assertField("name", new NewStoreRequest("\uDED2Shop", "o", null, null), "U+DED2 (" + half + ") at position 1");
        assertField("name", new NewStoreRequest("Sh\uDED2\uD83Dop", "o", null, null), "U+DED2 (" + half + ") at position 3");
        assertField("owner", new NewStoreRequest("Shop", "ali\uDBFFce", null, null), "U+DBFF (" + half + ")");
        assertField("email", new NewStoreRequest("Shop", "o", "ops\uD800@example.com", null), "U+D800");
        assertField("type", new NewStoreRequest("Shop", "o", null, "medusa\uDC00"), "U+DC00");
    }

    @Test
    void plainSpacesAtTheEndsAreDroppedAndInsideKept() {
        NewStoreRequest.ValidStoreRequest valid = new NewStoreRequest("  My  Store ", " alice ", " a@b.io ", " medusa ")
                .validate();
        assertEquals("My  Store", valid.name());
        assertEquals("alice", valid.owner());
        assertEquals("a@b.io", valid.email());
        assertEquals(StoreType.MEDUSA, valid.type());
    }

    @Test
    void positionsCountCodePointsOfTheValueAsGiven() {
        assertField("name", new NewStoreRequest("  \uD83D\uDED2 Shop\u00A0", "o", null, null), "at position 9");
        assertField("email", new NewStoreRequest("Shop", "o", "  ops@exa\u2003mple.com", null), "at position 10");
    }

    @Test
    void lettersMarksDigitsPunctuationAndSymbolsOfAnyScriptAreValid() {
        assertValidName("Café Zoë", "cafe-zoe");
        assertValidName("O'Brien & Sons", "o-brien-sons");
        assertValidName("Zoë’s «Café» №1", "zoe-s-cafe-no1");
        assertValidName("東京ストア Tokyo", "tokyo");
        assertValidName("Shop \uD83D\uDED2", "shop");
        assertValidName("Straße ±€ 5", "strasse-5");
        assertValidName("Cafe\u0301 Deco", "cafe-deco");
        assertEquals("東京ストア", new NewStoreRequest("Tokyo", "東京ストア", null, null).validate().owner());
        assertEquals("Ærøskøbing Ünal-Ölçer", new NewStoreRequest("Shop", "Ærøskøbing Ünal-Ölçer", null, null)
                .validate().owner());
    }

    @Test
    void aNameOfOnlyOtherScriptsIsValidTextButNeedsALatinLetterOrDigitForItsSlug() {
        assertField("name", new NewStoreRequest("東京ストア", "o", null, null), "at least one letter (a-z) or digit");
    }

    @Test
    void emailIsOptionalButMustBeWellFormed() {
        assertNull(new NewStoreRequest("Shop", "o", "  ", null).validate().email());
        assertNull(new NewStoreRequest("Shop", "o", "", null).validate().email());
        assertEquals("a@b.io", new NewStoreRequest("Shop", "o", " a@b.io ", null).validate().email());
        for (String good : List.of("ops@example.com", "first.last+tag@sub.example.co.uk", "o'brien@example.ie",
                "x_y-z@a-b.c0", "ops@xn--bcher-kva.de", "l".repeat(64) + "@example.com",
                "a@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(59))) {
            assertEquals(good, new NewStoreRequest("Shop", "o", good, null).validate().email());
        }
        for (String bad : List.of("a@b", "@c.io", "a@@c.io", "a@.io", "a..b@c.io", ".a@c.io", "a.@c.io",
                "a@-c.io", "a@c-.io", "a@c_d.io", "a\"b@c.io", "a@c.io.", "a(b)@c.io", "a@c..io",
                "l".repeat(65) + "@example.com", "a@" + "b".repeat(64) + ".io")) {
            assertField("email", new NewStoreRequest("Shop", "o", bad, null), "not a valid address");
        }
        assertField("email", new NewStoreRequest("Shop", "o", "a@" + "b".repeat(250) + ".io", null), "255 characters long; the limit is 254");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0001, 0x001C, 0x0085, 0x0093, 0x00A0, 0x2003, 0x0020, 0x0009, 0x007F, 0x200B,
        0x202E, 0xFEFF, 0x2028, 0xE000, 0x0378})
    void emailRefusesControlsSpacesAndInvisibleCharactersAnywhere(int codePoint) {
        String c = Character.toString(codePoint);
        for (String email : List.of("ops" + c + "@example.com", "ops@exam" + c + "ple.com", "ops@example.com" + c,
                c + "ops@example.com")) {
            if (codePoint == ' ' && (email.startsWith(" ") || email.endsWith(" "))) {
                continue; // plain spaces at the ends are dropped
            }
            assertField("email", new NewStoreRequest("Shop", "o", email, null), String.format("U+%04X", codePoint));
        }
    }

    @Test
    void emailIsAsciiSoAnInternationalDomainIsWrittenInItsPunycodeForm() {
        assertField("email", new NewStoreRequest("Shop", "o", "ops@bücher.de", null), "U+00FC");
        assertField("email", new NewStoreRequest("Shop", "o", "zoë@example.com", null), "xn--");
    }

    @Test
    void typeIsReadCaseInsensitivelyInAscii() {
        assertEquals(StoreType.MEDUSA, new NewStoreRequest("Shop", "o", null, " Medusa ").validate().type());
        assertEquals(StoreType.WOOCOMMERCE, new NewStoreRequest("Shop", "o", null, "WOOCOMMERCE").validate().type());
        assertEquals(StoreType.WOOCOMMERCE, new NewStoreRequest("Shop", "o", null, null).validate().type());
        assertEquals(StoreType.WOOCOMMERCE, new NewStoreRequest("Shop", "o", null, "").validate().type());
        assertEquals(StoreType.WOOCOMMERCE, new NewStoreRequest("Shop", "o", null, "   ").validate().type());
    }

    @Test
    void typeIsNeverTrimmedOfControlsNorFoldedFromLookAlikes() {
        for (String bad : List.of("woocommerce\u0000", "\u0000woocommerce", "medusa\t", "\nmedusa", "medusa\u00A0",
                "woo\u200Bcommerce", "medusa\u0085")) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> new NewStoreRequest("Shop", "o", null, bad).validate(), bad);
            assertEquals(List.of("type"), fields(e));
            assertTrue(e.getMessage().contains("U+") && e.getMessage().contains("woocommerce or medusa"),
                    e.getMessage());
        }
        assertField("type", new NewStoreRequest("Shop", "o", null, "medu\u017Fa"), "U+017F");
        assertField("type", new NewStoreRequest("Shop", "o", null, "  woocommerce\u0000"), "position 14");
        assertField("type", new NewStoreRequest("Shop", "o", null, "magento"), "'magento' is not known");
        assertField("type", new NewStoreRequest("Shop", "o", null, "m".repeat(1000)), "'" + "m".repeat(40) + "…'");
    }

    private static void assertValidName(String name, String slug) {
        NewStoreRequest.ValidStoreRequest valid = new NewStoreRequest(name, "o", null, null).validate();
        assertEquals(name, valid.name());
        assertEquals(slug, valid.slug());
    }

    /** The character at the start, inside and at the end of a name and of an owner, each refused in words. */
    private static void assertRefusedInNameAndOwner(int codePoint, String kind) {
        String c = Character.toString(codePoint);
        String words = String.format("U+%04X (%s", codePoint, kind);
        for (String text : List.of(c + "Shop", "Sh" + c + "op", "Shop" + c, " Shop " + c + " ")) {
            assertField("name", new NewStoreRequest(text, "o", null, null), words);
            assertField("owner", new NewStoreRequest("Shop", text, null, null), words);
        }
    }

    private static void assertField(String field, NewStoreRequest request, String words) {
        ValidationException e = assertThrows(ValidationException.class, request::validate);
        assertEquals(List.of(field), fields(e), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static List<String> fields(ValidationException e) {
        return e.errors().stream().map(ValidationException.FieldError::field).toList();
    }
}
