package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The roles over real HTTP against the real server: each role tried on a route of each kind (reads,
 * creates, upgrades, orders and checks, rollbacks, deletes), allowed or refused 403 in words naming
 * both roles; each refusal audited (ACCESS_DENIED, rejected, the token's user as actor) and nothing
 * else done for it.
 */
@Timeout(300)
class RolesTest extends SharedStoreApiTest {
    private long auditRows;

    @BeforeEach
    void countAuditRows() {
        auditRows = fx.countRows("audit_event");
        fx.storeOrders.reset();
    }

    @AfterEach
    void theSharedStoreIsReadyAgain() throws Exception {
        fx.settle();
        for (Store store : fx.app.stores().list()) {
            if (store.id() != storeId) {
                fx.app.stores().delete(store.id(), "cleanup");
            }
        }
        fx.settle();
        assertEquals(StoreStatus.READY, fx.store(storeId).status(), fx.store(storeId).lastError());
    }

    private static HttpResponse<String> as(Role role, String method, String path, String json) throws Exception {
        return fx.send(method, path, role.word() + "-user", role, json);
    }

    /** The 403 of a token of role {@code has} on a route that needs {@code needs}, in the words it must say. */
    private static void refused(String doing, Role needs, Role has, HttpResponse<String> response) {
        JsonNode body = expectError(403, "forbidden", response);
        String message = body.path("message").asString();
        assertTrue(message.startsWith(doing + " needs the " + needs.word() + " role; this token's role is " + has.word()
                + "."), message);
        assertTrue(message.contains("--role " + needs.word()), "says how to get one: " + message);
    }

    private static List<AuditEvent> denials() {
        return fx.app.audit().page(new AuditLog.AuditQuery(null, null, ActionType.ACCESS_DENIED, 0, 100));
    }

    private long newAuditRows() {
        return fx.countRows("audit_event") - auditRows;
    }

    private String shared() {
        return "/api/stores/" + storeId;
    }

    @Test
    void everyRoleReads() throws Exception {
        for (Role role : Role.values()) {
            for (String path : List.of("/api/stores", shared(), shared() + "/history", shared() + "/orders",
                    shared() + "/verification", shared() + "/pods", "/stores/metrics", "/stores/activity?size=5")) {
                expect(200, as(role, "GET", path, null));
            }
        }
        assertEquals(0, newAuditRows(), "reading audits nothing, and nothing was refused");
    }

    @Test
    void aViewerChangesNothingAndEachRefusalIsAuditedWithTheStore() throws Exception {
        List<String[]> changes = List.of(
                new String[] {"POST", "/api/stores", "{\"name\":\"Viewer Shop\",\"owner\":\"vera\"}", "Creating a store", "operator"},
                new String[] {"POST", shared() + "/retry", null, "Retrying a store", "operator"},
                new String[] {"POST", shared() + "/reprovision", null, "Re-provisioning a store", "operator"},
                new String[] {"POST", shared() + "/upgrade", "{\"values\":{}}", "Upgrading a store", "operator"},
                new String[] {"POST", shared() + "/rollback", "{\"revision\":1}", "Rolling back a store", "admin"},
                new String[] {"POST", shared() + "/suspend", null, "Suspending a store", "operator"},
                new String[] {"POST", shared() + "/resume", null, "Resuming a store", "operator"},
                new String[] {"DELETE", shared(), null, "Deleting a store", "admin"},
                new String[] {"POST", "/api/orders", "{\"storeId\":" + storeId + "}", "Placing a test order", "operator"},
                new String[] {"POST", shared() + "/verify?wait=0", null, "Verifying a store", "operator"});
        int deniedBefore = denials().size();
        int revision = fx.store(storeId).helmRevision();
        for (String[] change : changes) {
            refused(change[3], Role.of(change[4]), Role.VIEWER, as(Role.VIEWER, change[0], change[1], change[2]));
        }
        fx.settle();
        assertEquals(1, fx.app.stores().list().size(), "no store created, none deleted");
        assertEquals(StoreStatus.READY, fx.store(storeId).status());
        assertEquals(revision, fx.store(storeId).helmRevision(), "not upgraded, not rolled back");
        assertEquals(List.of(), fx.storeOrders.calls, "no store's API was called");

        assertEquals(changes.size(), newAuditRows(), "one row per refusal, and no other");
        List<AuditEvent> all = denials();
        List<AuditEvent> rows = all.subList(0, all.size() - deniedBefore);
        assertEquals(changes.size(), rows.size());
        for (int i = 0; i < changes.size(); i++) {
            String[] change = changes.get(i);
            AuditEvent row = rows.get(changes.size() - 1 - i); // newest first
            assertEquals(Outcome.REJECTED, row.outcome());
            assertEquals("viewer-user", row.actor(), "the token's user");
            assertTrue(row.detail().startsWith(change[0] + " " + change[1].replaceFirst("\\?.*", "") + ": " + change[3]
                    + " needs the " + change[4] + " role; this token's role is viewer."), row.detail());
            boolean namesStore = change[1].startsWith(shared());
            assertEquals(namesStore ? Long.valueOf(storeId) : null, row.storeId(), row.detail());
            assertEquals(namesStore ? SHOP : null, row.storeName(), row.detail());
        }
    }

    @Test
    void creatingNeedsAnOperator() throws Exception {
        refused("Creating a store", Role.OPERATOR, Role.VIEWER, as(Role.VIEWER, "POST", "/api/stores",
                "{\"name\":\"Seen Shop\",\"owner\":\"vera\"}"));
        JsonNode byOperator = expect(201, as(Role.OPERATOR, "POST", "/api/stores", "{\"name\":\"Ops Shop\",\"owner\":\"olga\"}"));
        assertEquals("operator-user", fx.app.audit().page(new AuditLog.AuditQuery(byOperator.path("id").asLong(), null,
                ActionType.CREATE, 0, 1)).get(0).actor(), "the token's user is the actor");
        expect(201, as(Role.ADMIN, "POST", "/api/stores", "{\"name\":\"Admin Shop\",\"owner\":\"ada\"}"));
        assertEquals(List.of("Admin Shop", "Ops Shop", SHOP),
                fx.app.stores().list().stream().map(Store::name).sorted().toList());
    }

    @Test
    void upgradingNeedsAnOperator() throws Exception {
        refused("Upgrading a store", Role.OPERATOR, Role.VIEWER, as(Role.VIEWER, "POST", shared() + "/upgrade", null));
        int revision = fx.store(storeId).helmRevision();
        expect(202, as(Role.OPERATOR, "POST", shared() + "/upgrade", null));
        assertEquals(revision + 1, fx.awaitStatus(storeId, StoreStatus.READY).helmRevision());
        expect(202, as(Role.ADMIN, "POST", shared() + "/upgrade", "{\"values\":{}}"));
        assertEquals(revision + 2, fx.awaitStatus(storeId, StoreStatus.READY).helmRevision());
    }

    @Test
    void rollingBackNeedsAnAdmin() throws Exception {
        fx.app.stores().upgrade(storeId, Map.of(), "setup");
        int revision = fx.awaitStatus(storeId, StoreStatus.READY).helmRevision();
        auditRows = fx.countRows("audit_event");
        String rollback = "{\"revision\":1}";
        refused("Rolling back a store", Role.ADMIN, Role.VIEWER, as(Role.VIEWER, "POST", shared() + "/rollback", rollback));
        refused("Rolling back a store", Role.ADMIN, Role.OPERATOR, as(Role.OPERATOR, "POST", shared() + "/rollback", rollback));
        assertEquals(2, newAuditRows(), "the two refusals, no rollback");
        assertEquals(revision, fx.awaitStatus(storeId, StoreStatus.READY).helmRevision(), "not rolled back");
        expect(202, as(Role.ADMIN, "POST", shared() + "/rollback", rollback));
        assertEquals(revision + 1, fx.awaitStatus(storeId, StoreStatus.READY).helmRevision(), "rolled back: a new revision");
    }

    @Test
    void deletingNeedsAnAdmin() throws Exception {
        long doomed = fx.create("Doomed Shop", "dora");
        String path = "/api/stores/" + doomed;
        refused("Deleting a store", Role.ADMIN, Role.VIEWER, as(Role.VIEWER, "DELETE", path, null));
        HttpResponse<String> byOperator = as(Role.OPERATOR, "DELETE", path, null);
        refused("Deleting a store", Role.ADMIN, Role.OPERATOR, byOperator);
        assertEquals("Deleting a store needs the admin role; this token's role is operator. Ask for a token with that role"
                + " (storefleet token <user id> --role admin).", ApiFixture.json(byOperator).path("message").asString());
        fx.settle();
        assertTrue(fx.app.stores().list().stream().anyMatch(s -> s.id() == doomed), "still there");
        expect(202, as(Role.ADMIN, "DELETE", path, null));
        fx.settle();
        assertTrue(fx.app.stores().list().stream().noneMatch(s -> s.id() == doomed), "deleted by the admin");
    }

    @Test
    void ordersAndChecksNeedAnOperatorAndReadingThemAViewer() throws Exception {
        String order = "{\"storeId\":" + storeId + ",\"quantity\":2}";
        refused("Placing a test order", Role.OPERATOR, Role.VIEWER, as(Role.VIEWER, "POST", "/api/orders", order));
        refused("Verifying a store", Role.OPERATOR, Role.VIEWER, as(Role.VIEWER, "POST", shared() + "/verify", null));
        assertEquals(List.of(), fx.storeOrders.calls, "a refused order never reaches the store");

        String placed = expect(201, as(Role.OPERATOR, "POST", "/api/orders", order)).path("orderId").asString();
        expect(201, as(Role.ADMIN, "POST", "/api/orders", order));
        assertEquals("passed", expect(200, as(Role.OPERATOR, "POST", shared() + "/verify?wait=30", null))
                .path("state").asString());
        assertEquals(placed, expect(200, as(Role.VIEWER, "GET", shared() + "/orders/" + placed, null))
                .path("orderId").asString());
        assertTrue(expect(200, as(Role.VIEWER, "GET", shared() + "/orders", null)).size() >= 3);
    }

    @Test
    void aRefusalIsCountedAsRejectedAccessAndMovesNoOperationCounter() throws Exception {
        JsonNode before = expect(200, as(Role.VIEWER, "GET", "/stores/metrics", null));
        long countedBefore = counted("ACCESS_DENIED", "REJECTED");
        refused("Deleting a store", Role.ADMIN, Role.VIEWER, as(Role.VIEWER, "DELETE", shared(), null));
        refused("Upgrading a store", Role.OPERATOR, Role.VIEWER, as(Role.VIEWER, "POST", shared() + "/upgrade", null));
        assertEquals(countedBefore + 2, counted("ACCESS_DENIED", "REJECTED"), "audit_count keeps the action's name");
        JsonNode after = expect(200, as(Role.VIEWER, "GET", "/stores/metrics", null));
        for (String counter : List.of("activeStores", "failureCount", "upgradeCount", "rollbackCount", "retryCount",
                "ordersPlaced")) {
            assertEquals(before.path(counter).asLong(), after.path(counter).asLong(), counter);
        }
        JsonNode activity = expect(200, as(Role.VIEWER, "GET", "/stores/activity?action=access_denied&size=2", null));
        assertEquals("access_denied", activity.path("items").get(0).path("action").asString(), activity.toString());
        assertEquals("viewer-user", activity.path("items").get(0).path("actor").asString());
        assertEquals("rejected", activity.path("items").get(0).path("outcome").asString());
    }

    @Test
    void theRoleIsCheckedAfterTheRouteIsFoundAndBeforeTheRequestIsRead() throws Exception {
        refused("Creating a store", Role.OPERATOR, Role.VIEWER, fx.raw("POST", "/api/stores",
                "Bearer " + fx.token("vera", Role.VIEWER), "text/plain", BodyPublishers.ofString("{not json")));
        refused("Deleting a store", Role.ADMIN, Role.VIEWER, as(Role.VIEWER, "DELETE", "/api/stores/not-an-id", null));
        refused("Deleting a store", Role.ADMIN, Role.OPERATOR, as(Role.OPERATOR, "DELETE", "/api/stores/99999", null));
        AuditEvent latest = denials().get(0);
        assertEquals(99999L, latest.storeId(), "the id asked for, though no store has it");
        assertNull(latest.storeName());
        assertNull(denials().get(1).storeId(), "not a store id: none recorded");
        expectError(404, "not_found", as(Role.VIEWER, "DELETE", "/api/no/such/route", null));
        expectError(405, "method_not_allowed", as(Role.VIEWER, "PUT", shared(), "{}"));
        assertEquals(3, newAuditRows(), "the three refusals for the role; 404 and 405 audit nothing");
    }

    @Test
    void aTokenWithoutARoleIsAnOperatorsWhichDeletesNothing() throws Exception {
        String legacy = "Bearer " + signed(Map.of());
        HttpResponse<String> created = fx.raw("POST", "/api/stores", legacy, "application/json",
                BodyPublishers.ofString("{\"name\":\"Legacy Shop\",\"owner\":\"leo\"}"));
        long id = expect(201, created).path("id").asLong();
        refused("Deleting a store", Role.ADMIN, Role.OPERATOR, fx.raw("DELETE", "/api/stores/" + id, legacy, null,
                BodyPublishers.noBody()));
        assertEquals("old-bot", denials().get(0).actor());
    }

    @Test
    void aTokenWithARoleThisServerDoesNotKnowIsRefusedAsATokenAndChangesNothing() throws Exception {
        for (Object role : new Object[] {"superuser", "root", 2, List.of("admin")}) {
            JsonNode body = expectError(401, "unauthorized", fx.raw("DELETE", shared(), "Bearer " + signed(Map.of("role",
                    role)), null, BodyPublishers.noBody()));
            assertTrue(body.path("message").asString().contains("role"), body.toString());
            expectError(401, "unauthorized", fx.raw("GET", "/api/stores", "Bearer " + signed(Map.of("role", role)), null,
                    BodyPublishers.noBody()));
        }
        assertEquals(0, newAuditRows(), "a token the server cannot read names no one to audit");
        assertEquals(StoreStatus.READY, fx.store(storeId).status());
    }

    @Test
    void docsApiMdGivesEveryRouteTheRoleItDeclares() throws Exception {
        Router router = ApiServer.router(fx.app.stores(), fx.app.orders(), fx.app.pods(), fx.app.audit(),
                fx.app.metrics(), fx.app.health(), fx.app.rollouts(), fx.app.backups(), Clock.systemUTC());
        Set<String> declared = new TreeSet<>();
        for (Router.Declared route : router.declared()) {
            declared.add(route.method() + " " + route.template() + " | " + route.access().needs().word());
        }
        Set<String> documented = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| `([A-Z]+) (/[^`]*)` \\| ([a-z]+)[^|]*\\|.*");
        for (String line : Files.readAllLines(Path.of("docs", "api.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches() && !m.group(3).equals("none")) {
                Role.of(m.group(3)); // a role the server knows
                documented.add(m.group(1) + " " + m.group(2) + " | " + m.group(3));
            }
        }
        assertEquals(declared, documented, "docs/api.md's route table against the routes' own declarations");
        assertEquals(34, declared.size(), "every route");
    }

    /** A token signed with the server's secret for "old-bot", with {@code claims} beside its subject and expiry. */
    private static String signed(Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("old-bot")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        jwt.sign(new MACSigner(ApiFixture.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static long counted(String action, String outcome) throws Exception {
        try (Connection c = fx.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT COALESCE(SUM(events), 0) FROM audit_count WHERE action = ? AND outcome = ?")) {
            s.setString(1, action);
            s.setString(2, outcome);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
