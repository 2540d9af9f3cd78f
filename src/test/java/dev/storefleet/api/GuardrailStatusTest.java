package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** docs/design.md's guardrail table, row by row, as a script meets it: the status, the error code, the audit row. */
@Timeout(120)
class GuardrailStatusTest extends ApiFixtureTest {
    @Test
    void missingNameOrOwnerIsAValidationError() throws Exception {
        JsonNode noName = expectError(400, "validation", fx.post("/api/stores", "{\"owner\":\"alice\"}"));
        assertEquals("name", noName.path("fields").get(0).path("field").asString());
        JsonNode blankOwner = expectError(400, "validation",
                fx.post("/api/stores", "{\"name\":\"Shop\",\"owner\":\"  \"}"));
        assertEquals("owner", blankOwner.path("fields").get(0).path("field").asString());
        assertEquals(0, fx.app.stores().list().size());
        AuditEvent refused = latest(ActionType.CREATE);
        assertEquals(Outcome.REJECTED, refused.outcome());
        assertEquals("ops", refused.actor(), "the token's user is the audited actor of a refusal too");
    }

    @Test
    void unusableOrTooLongNamesAndBadFieldsAreValidationErrors() throws Exception {
        expectError(400, "validation", fx.post("/api/stores", "{\"name\":\"!!!\",\"owner\":\"alice\"}"));
        expectError(400, "validation", fx.post("/api/stores", "{\"name\":\"" + "x".repeat(64) + "\",\"owner\":\"alice\"}"));
        JsonNode both = expectError(400, "validation", fx.post("/api/stores",
                "{\"name\":\"Bad\",\"owner\":\"alice\",\"email\":\"not-an-address\",\"type\":\"magento\"}"));
        assertEquals(2, both.path("fields").size(), "every problem at once: " + both);
        assertTrue(both.path("message").asString().contains("magento"), both.toString());
        expectError(400, "validation", fx.post("/api/stores", "{\"name\":\"A\",\"storeName\":\"B\",\"owner\":\"alice\"}"));
        assertEquals(0, fx.app.stores().list().size());
    }

    @Test
    void jsonEscapesReachTheInputRulesUnchanged() throws Exception {
        JsonNode nul = expectError(400, "validation", fx.post("/api/stores",
                "{\"name\":\"Shop\\u0085\",\"owner\":\"alice\",\"type\":\"woocommerce\\u0000\"}"));
        assertEquals(2, nul.path("fields").size(), nul.toString());
        assertTrue(nul.path("fields").get(0).path("message").asString().contains("U+0085 (a control character) at position 5"),
                nul.toString());
        assertEquals("type", nul.path("fields").get(1).path("field").asString(), nul.toString());
        assertTrue(nul.path("message").asString().contains("U+0000 (a control character) at position 12"), nul.toString());
        assertEquals(0, fx.app.stores().list().size());
    }

    @Test
    void aDuplicateNameIsAConflictAlsoWhenOnlyTheSlugCollides() throws Exception {
        fx.create("My Store", "alice");
        JsonNode same = expectError(400, "conflict", fx.post("/api/stores", "{\"name\":\"my store\",\"owner\":\"bob\"}"));
        assertTrue(same.path("message").asString().contains("My Store"), same.toString());
        expectError(400, "conflict", fx.post("/api/stores", "{\"name\":\"my-store\",\"owner\":\"bob\"}"));
        assertEquals(1, fx.app.stores().list().size());
    }

    @Test
    void aFourthStoreForOneOwnerIsOverQuota() throws Exception {
        for (int i = 1; i <= 3; i++) {
            fx.create("Quota " + i, "erin");
        }
        JsonNode refused = expectError(403, "quota", fx.post("/api/stores", "{\"name\":\"Quota 4\",\"owner\":\"Erin\"}"));
        assertTrue(refused.path("message").asString().contains("3 stores"), refused.toString());
        assertEquals(3, fx.app.stores().list().size());
        assertEquals(Outcome.REJECTED, latest(ActionType.CREATE).outcome());
    }

    @Test
    void anUnknownStoreIsNotFoundOnEveryStoreRoute() throws Exception {
        expectError(404, "not_found", fx.get("/api/stores/999"));
        expectError(404, "not_found", fx.get("/api/stores/999/history"));
        expectError(404, "not_found", fx.post("/api/stores/999/retry", null));
        expectError(404, "not_found", fx.post("/api/stores/999/upgrade", null));
        expectError(404, "not_found", fx.post("/api/stores/999/rollback", "{\"revision\":1}"));
        expectError(404, "not_found", fx.send("DELETE", "/api/stores/999", "ops", null));
        expectError(404, "not_found", fx.post("/api/orders", "{\"storeId\":999}"));
        expectError(404, "not_found", fx.get("/api/stores/999/orders"));
        expectError(404, "not_found", fx.get("/api/stores/999/orders/o-1"));
        expectError(404, "not_found", fx.post("/api/stores/999/verify", null));
        expectError(404, "not_found", fx.get("/api/stores/999/verification"));
        expectError(404, "not_found", fx.get("/api/nothing-here"));
    }

    /** An id is written one way only (docs/api.md): a path that is not one is refused, not looked up. */
    @Test
    void aStoreIdThatIsNotCanonicalDigitsIsAValidationError() throws Exception {
        for (String id : new String[] {"not-a-number", "99999999999999999999", "9223372036854775808", "0", "00", "01",
                "+1", "-1", "1.0", "1e3", "%20" + "1", "1%20", "%EF%BC%91", "%D9%A1", "0x1"}) {
            JsonNode error = expectError(400, "validation", fx.get("/api/stores/" + id));
            assertEquals("id", error.path("fields").get(0).path("field").asString(), id + " -> " + error);
            assertTrue(error.path("message").asString().contains("ASCII digits"), "says what an id looks like: " + error);
        }
        JsonNode fullwidth = expectError(400, "validation", fx.get("/api/stores/%EF%BC%91/history"));
        assertTrue(fullwidth.path("message").asString().contains("'\\uFF11'"), "names the id as sent: " + fullwidth);
        expectError(404, "not_found", fx.get("/api/stores/9223372036854775807"));
    }

    @Test
    void aKnownPathWithAnotherMethodIsNotAllowed() throws Exception {
        HttpResponse<String> response = fx.send("PUT", "/api/stores", "ops", "{}");
        expectError(405, "method_not_allowed", response);
        assertEquals("GET, POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void retryOfAStoreThatIsNotFailedIsAnInvalidState() throws Exception {
        long id = fx.create("Healthy Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        JsonNode refused = expectError(400, "invalid_state", fx.post("/api/stores/" + id + "/retry", null));
        assertTrue(refused.path("message").asString().contains("only a failed store can be retried"), refused.toString());
        assertEquals(StoreStatus.READY, fx.store(id).status());
        AuditEvent row = latest(ActionType.RETRY);
        assertEquals(Outcome.REJECTED, row.outcome());
        assertEquals(id, row.storeId());

        expectError(400, "invalid_state", fx.post("/api/stores/" + id + "/rollback", "{\"revision\": 7}"));
        assertEquals(StoreStatus.READY, fx.store(id).status());
    }

    @Test
    void aDatabaseFailureIsAStorageErrorAndNothingIsHalfWritten() throws Exception {
        long id = fx.create("Storage Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        long auditRows = fx.countRows("audit_event");
        try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT test_refuse_upgrade CHECK (action <> 'UPGRADE')");
        }
        try {
            JsonNode failed = expectError(500, "storage", fx.post("/api/stores/" + id + "/upgrade", null));
            assertTrue(failed.path("message").asString().contains("Nothing was saved"), failed.toString());
        } finally {
            try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE audit_event DROP CONSTRAINT test_refuse_upgrade");
            }
        }
        fx.settle();
        assertEquals(StoreStatus.READY, fx.store(id).status(), "the status change was rolled back");
        assertEquals(1, fx.store(id).helmRevision(), "no upgrade ran");
        assertEquals(auditRows, fx.countRows("audit_event"));
    }

    @Test
    void aClusterFailureDuringARequestIsABadGateway() throws Exception {
        long id = fx.create("Cluster Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        fx.kube.failNext("GET", "/secrets", 500, 20); // Helm cannot read the release history
        try {
            JsonNode failed = expectError(502, "cluster", fx.post("/api/stores/" + id + "/rollback", "{\"revision\":1}"));
            assertTrue(failed.path("message").asString().contains("store-cluster-shop"), failed.toString());
        } finally {
            fx.kube.reset();
        }
        assertEquals(StoreStatus.READY, fx.store(id).status());
        assertEquals(Outcome.FAILURE, latest(ActionType.ROLLBACK).outcome());
    }

    @Test
    void aHelmFailureInTheBackgroundLeavesTheStoreFailedWithItsErrorShown() throws Exception {
        fx.kube.failNext("POST", "/deployments$", 500, 1);
        long id = fx.create("Broken Shop", "alice");
        fx.awaitStatus(id, StoreStatus.FAILED);
        JsonNode store = expect(200, fx.get("/api/stores/" + id));
        assertEquals("failed", store.path("status").asString());
        assertEquals(fx.store(id).lastError(), store.path("lastError").asString());
        assertEquals(Outcome.FAILURE, latest(ActionType.PROVISION_FAILED).outcome());
    }

    private static AuditEvent latest(ActionType action) {
        return fx.app.audit().page(new AuditLog.AuditQuery(null, null, action, 0, 1)).get(0);
    }

}
