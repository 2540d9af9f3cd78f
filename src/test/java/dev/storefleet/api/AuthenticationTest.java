package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Every route wants a valid HS256 bearer token; anything else is a 401 that says why, and changes nothing. */
@Timeout(120)
class AuthenticationTest extends SharedStoreApiTest {
    /** Every route of the API, with a body where it takes one. */
    static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/api/stores", "{\"name\":\"Sneaky Shop\",\"owner\":\"mallory\"}"},
            new String[] {"GET", "/api/stores", null},
            new String[] {"GET", "/api/stores/1", null},
            new String[] {"GET", "/api/stores/1/history", null},
            new String[] {"POST", "/api/stores/1/retry", null},
            new String[] {"POST", "/api/stores/1/upgrade", "{\"values\":{}}"},
            new String[] {"POST", "/api/stores/1/rollback", "{\"revision\":1}"},
            new String[] {"DELETE", "/api/stores/1", null},
            new String[] {"POST", "/api/orders", "{\"storeId\":1}"},
            new String[] {"GET", "/api/stores/1/orders", null},
            new String[] {"GET", "/api/stores/1/orders/o-1", null},
            new String[] {"POST", "/api/stores/1/verify", null},
            new String[] {"GET", "/api/stores/1/verification", null},
            new String[] {"GET", "/stores/metrics", null},
            new String[] {"GET", "/stores/activity", null},
            new String[] {"GET", "/no/such/route", null});


    @Test
    void everyRouteRefusesARequestWithoutATokenAndNothingChanges() throws Exception {
        long auditRows = fx.countRows("audit_event");
        for (String[] route : ROUTES) {
            String path = route[1].replace("/1", "/" + storeId);
            HttpResponse<String> response = fx.raw(route[0], path, null, route[2] == null ? null : "application/json",
                    route[2] == null ? BodyPublishers.noBody() : BodyPublishers.ofString(route[2]));
            JsonNode body = expectError(401, "unauthorized", response);
            assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null), path);
            assertTrue(body.path("message").asString().contains("Authorization: Bearer"), body.toString());
        }
        assertEquals(1, fx.app.stores().list().size(), "no store created, none deleted");
        assertEquals("ready", fx.app.stores().get(storeId).status().code());
        assertEquals(auditRows, fx.countRows("audit_event"), "nothing was done, so nothing was audited");
        assertEquals(List.of(), fx.storeOrders.calls, "no store's API was called");
    }

    @Test
    void anExpiredTokenIsRefusedSayingItExpired() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new JwtTokens(ApiFixture.SECRET, twoHoursAgo).mint("ops", Role.ADMIN, Duration.ofHours(1));
        JsonNode body = expectError(401, "unauthorized", withToken("GET", "/api/stores", expired));
        assertTrue(body.path("message").asString().contains("expired"), body.toString());
        JsonNode create = expectError(401, "unauthorized", fx.raw("POST", "/api/stores", "Bearer " + expired,
                "application/json", BodyPublishers.ofString("{\"name\":\"Late Shop\",\"owner\":\"ops\"}")));
        assertTrue(create.path("message").asString().contains("expired"));
        assertEquals(1, fx.app.stores().list().size());
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
        String forged = new JwtTokens("another-secret-that-is-also-long-enough-32+", Clock.systemUTC())
                .mint("ops", Role.ADMIN, Duration.ofMinutes(5));
        JsonNode body = expectError(401, "unauthorized", withToken("DELETE", "/api/stores/" + storeId, forged));
        assertTrue(body.path("message").asString().contains("signature"), body.toString());
        assertEquals("ready", fx.app.stores().get(storeId).status().code(), "not deleted");
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String token = fx.token("ops");
        String[] parts = token.split("\\.");
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        expectError(401, "unauthorized", withToken("GET", "/api/stores", parts[0] + "." + otherClaims + "." + parts[2]));
    }

    @Test
    void unsignedAndOtherAlgorithmTokensAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("ops")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        String unsigned = new PlainJWT(new PlainHeader(), claims).serialize();
        expectError(401, "unauthorized", withToken("GET", "/api/stores", unsigned));

        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
        hs512.sign(new MACSigner((ApiFixture.SECRET + ApiFixture.SECRET).getBytes(StandardCharsets.UTF_8)));
        JsonNode body = expectError(401, "unauthorized", withToken("GET", "/api/stores", hs512.serialize()));
        assertTrue(body.path("message").asString().contains("HS256"), body.toString());
    }

    @Test
    void tokensWithoutExpiryOrSubjectAreRefused() throws Exception {
        String noExpiry = sign(new JWTClaimsSet.Builder().subject("ops").build());
        assertTrue(expectError(401, "unauthorized", withToken("GET", "/api/stores", noExpiry))
                .path("message").asString().contains("exp"));
        String noSubject = sign(new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        assertTrue(expectError(401, "unauthorized", withToken("GET", "/api/stores", noSubject))
                .path("message").asString().contains("sub"));
    }

    @Test
    void malformedAuthorizationHeadersAreRefused() throws Exception {
        expectError(401, "unauthorized", fx.raw("GET", "/api/stores", "Basic b3BzOm9wcw==", null, BodyPublishers.noBody()));
        expectError(401, "unauthorized", fx.raw("GET", "/api/stores", "Bearer", null, BodyPublishers.noBody()));
        expectError(401, "unauthorized", fx.raw("GET", "/api/stores", "Bearer not.a.jwt", null, BodyPublishers.noBody()));
        expectError(401, "unauthorized", fx.raw("GET", "/api/stores", fx.token("ops"), null, BodyPublishers.noBody()));
    }

    @Test
    void aValidTokenIsAcceptedWhateverTheSchemesCase() throws Exception {
        expect(200, fx.raw("GET", "/api/stores", "bearer " + fx.token("ops"), null, BodyPublishers.noBody()));
    }

    private static HttpResponse<String> withToken(String method, String path, String token) throws Exception {
        return fx.raw(method, path, "Bearer " + token, null, BodyPublishers.noBody());
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(ApiFixture.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
