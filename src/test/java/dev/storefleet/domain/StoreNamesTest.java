package dev.storefleet.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreNamesTest {
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Service names must also start with a letter (DNS-1035). */
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "My Store|my-store",
        "  my   store  |my-store",
        "Café Déjà Vu|cafe-deja-vu",
        "ACME_Shop #1!|acme-shop-1",
        "42|42",
        "--a--b--|a-b",
        "Ünïcödé Straße|unicode-strasse",
        "Smørrebrød & Æbleskiver|smorrebrod-aebleskiver",
    })
    void slugs(String name, String slug) {
        assertEquals(slug, StoreNames.slugOf(name));
    }

    @Test
    void nameWithNoUsableCharacterHasNoSlug() {
        assertEquals("", StoreNames.slugOf("!!! ???"));
        assertEquals("", StoreNames.slugOf("日本の店"));
    }

    @Test
    void longNamesKeepTheirStartAndStayApart() {
        String a = StoreNames.slugOf("The Very Long Name Of A Store Selling Many Things A");
        String b = StoreNames.slugOf("The Very Long Name Of A Store Selling Many Things B");
        assertNotEquals(a, b);
        assertTrue(a.length() <= Guardrails.MAX_SLUG_LENGTH, a);
        assertTrue(a.startsWith("the-very-long-name-of-a"), a);
        assertEquals(a, StoreNames.slugOf("The Very Long Name Of A Store Selling Many Things A"), "stable");
    }

    @Test
    void namespaceAndReleaseAreValidKubernetesNamesForAnyInput() {
        Random random = new Random(42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(Guardrails.MAX_NAME_LENGTH);
            for (int j = 0; j < length; j++) {
                name.append(random.nextInt(4) == 0 ? (char) (0x20 + random.nextInt(0x250)) : (char) ('a' + random.nextInt(26)));
            }
            String slug = StoreNames.slugOf(name.toString());
            if (slug.isEmpty()) {
                continue;
            }
            seen.add(slug);
            String namespace = StoreNames.namespaceOf(slug);
            String release = StoreNames.releaseOf(slug);
            assertTrue(DNS_1123_LABEL.matcher(slug).matches(), slug);
            assertTrue(DNS_1035_LABEL.matcher(namespace).matches() && namespace.length() <= 63, namespace);
            assertTrue(DNS_1035_LABEL.matcher(release).matches() && release.length() <= 53, release);
        }
        assertTrue(seen.size() > 4_000, "random names should give distinct slugs");
    }

    @Test
    void nameKeyIgnoresCaseAndOuterSpace() {
        assertEquals(StoreNames.nameKey("My Store"), StoreNames.nameKey("  MY STORE "));
    }
}
