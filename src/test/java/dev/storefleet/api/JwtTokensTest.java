package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token rules and the server's settings, without a server. */
class JwtTokensTest {
    static final String SECRET = ApiFixture.SECRET;

    @Test
    void aMintedTokenNamesItsUserUntilItExpires() {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        String token = new JwtTokens(SECRET, Clock.fixed(t0, ZoneOffset.UTC)).mint("  ci-bot ", Duration.ofHours(1));
        assertEquals("ci-bot", new JwtTokens(SECRET, Clock.fixed(t0.plusSeconds(3599), ZoneOffset.UTC)).verify(token));
        assertEquals("ci-bot", new JwtTokens(SECRET, Clock.fixed(t0.plusSeconds(3620), ZoneOffset.UTC)).verify(token),
                "30 s of clock skew are forgiven");
        ApiException expired = assertThrows(ApiException.class,
                () -> new JwtTokens(SECRET, Clock.fixed(t0.plusSeconds(3700), ZoneOffset.UTC)).verify(token));
        assertEquals(401, expired.status());
        assertTrue(expired.getMessage().contains("expired at 2030-01-01T01:00:00Z"), expired.getMessage());
    }

    @Test
    void aMissingOrShortSecretIsRefusedSayingWhatToDo() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new JwtTokens(null, Clock.systemUTC()));
        assertTrue(missing.getMessage().startsWith("JWT_SECRET is not set"), missing.getMessage());
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> new JwtTokens("x".repeat(31), Clock.systemUTC()));
        assertTrue(shortOne.getMessage().contains("31 bytes long; HS256 needs at least 32"), shortOne.getMessage());
        assertDoesNotThrow(() -> new JwtTokens("x".repeat(32), Clock.systemUTC()));
    }

    @Test
    void lifetimesAreReadAsPeopleTypeThem() {
        assertEquals(Duration.ofSeconds(90), JwtTokens.parseTtl("90s"));
        assertEquals(Duration.ofMinutes(30), JwtTokens.parseTtl("30m"));
        assertEquals(Duration.ofHours(24), JwtTokens.parseTtl("24H"));
        assertEquals(Duration.ofDays(7), JwtTokens.parseTtl("7d"));
        for (String bad : new String[] {"", "24", "h", "-1h", "1w", "0s", "1.5h", "9999999d"}) {
            assertThrows(IllegalArgumentException.class, () -> JwtTokens.parseTtl(bad), bad);
        }
    }

    @Test
    void aUserIdMustBeUsable() {
        JwtTokens tokens = new JwtTokens(SECRET, Clock.systemUTC());
        assertThrows(IllegalArgumentException.class, () -> tokens.mint(" ", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("a\nb", Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("ok", Duration.ZERO));
    }

    @Test
    void settingsComeFromTheEnvironment() {
        ApiSettings defaults = ApiSettings.fromEnvironment(Map.of("JWT_SECRET", SECRET));
        assertEquals(5000, defaults.port());
        assertEquals("0.0.0.0", defaults.host());
        assertFalse(defaults.toString().contains(SECRET), "the secret is never printed");
        ApiSettings chosen = ApiSettings.fromEnvironment(Map.of("JWT_SECRET", SECRET, "PORT", " 8080 ", "HOST", "127.0.0.1"));
        assertEquals(8080, chosen.port());
        assertEquals("127.0.0.1", chosen.host());
        assertEquals(0, ApiSettings.fromEnvironment(Map.of("JWT_SECRET", SECRET, "PORT", "0")).port());
        for (String bad : new String[] {"http", "-1", "65536", "80.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ApiSettings.fromEnvironment(Map.of("JWT_SECRET", SECRET, "PORT", bad)), bad);
            assertTrue(e.getMessage().startsWith("PORT must be"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ApiSettings.fromEnvironment(Map.of("PORT", "5000")));
    }
}
