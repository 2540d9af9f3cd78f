package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
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
        String token = new JwtTokens(SECRET, Clock.fixed(t0, ZoneOffset.UTC)).mint("  ci-bot ", Role.VIEWER,
                Duration.ofHours(1));
        assertEquals("ci-bot", new JwtTokens(SECRET, Clock.fixed(t0.plusSeconds(3599), ZoneOffset.UTC)).verify(token).user());
        assertEquals("ci-bot", new JwtTokens(SECRET, Clock.fixed(t0.plusSeconds(3620), ZoneOffset.UTC)).verify(token).user(),
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
    void aTokenCarriesItsRoleAndOneWithoutARoleIsAnOperators() throws Exception {
        JwtTokens tokens = new JwtTokens(SECRET, Clock.systemUTC());
        for (Role role : Role.values()) {
            String token = tokens.mint("ci-bot", role, Duration.ofMinutes(5));
            assertEquals(role.word(), SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("role"), "written as a word");
            assertEquals(new JwtTokens.Caller("ci-bot", role), tokens.verify(token));
        }
        assertEquals(new JwtTokens.Caller("old-bot", Role.OPERATOR), tokens.verify(signed(Map.of())),
                "a token minted before roles existed");
        assertEquals(Role.ADMIN, tokens.verify(signed(Map.of("role", "Admin"))).role(), "any ASCII case");
    }

    @Test
    void aRoleTheServerDoesNotKnowIsRefusedNotGuessedAt() throws Exception {
        JwtTokens tokens = new JwtTokens(SECRET, Clock.systemUTC());
        for (Object role : new Object[] {"superuser", "", "ADM\u0130N", "adm\u0131n", 3, java.util.List.of("admin"), true}) {
            ApiException refused = assertThrows(ApiException.class, () -> tokens.verify(signed(Map.of("role", role))),
                    String.valueOf(role));
            assertEquals(401, refused.status());
            assertTrue(refused.getMessage().contains("role") && refused.getMessage().contains("viewer, operator, admin"),
                    refused.getMessage());
        }
        String words = assertThrows(ApiException.class, () -> tokens.verify(signed(Map.of("role", "superuser"))))
                .getMessage();
        assertTrue(words.contains("'superuser'") && words.contains("--role"), words);
    }

    @Test
    void rolesAreOrderedEachIncludingTheOnesBelow() {
        assertTrue(Role.ADMIN.includes(Role.OPERATOR) && Role.ADMIN.includes(Role.VIEWER) && Role.ADMIN.includes(Role.ADMIN));
        assertTrue(Role.OPERATOR.includes(Role.VIEWER) && !Role.OPERATOR.includes(Role.ADMIN));
        assertTrue(Role.VIEWER.includes(Role.VIEWER) && !Role.VIEWER.includes(Role.OPERATOR));
        assertEquals(Role.VIEWER, Role.of(" viewer "));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Role.of("root"));
        assertEquals("'root' is not a role; the roles are viewer, operator, admin.", bad.getMessage());
    }

    /** A token signed with the server's secret, with a subject, an expiry and {@code claims}. */
    private static String signed(Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("old-bot")
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void aUserIdMustBeUsable() {
        JwtTokens tokens = new JwtTokens(SECRET, Clock.systemUTC());
        assertThrows(IllegalArgumentException.class, () -> tokens.mint(" ", Role.OPERATOR, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("a\nb", Role.OPERATOR, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> tokens.mint("ok", Role.OPERATOR, Duration.ZERO));
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
