package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Every route of the API over real HTTP, against the real services, Helm and charts on the
 * test Kubernetes API: what a script sees, and what the console recorded.
 */
@Timeout(120)
class StoreRoutesTest extends ApiFixtureTest {
    @Test
    void theSeedsCreateCallAnswersCreatedAndTheStoreBecomesReady() throws Exception {
        HttpResponse<String> response = fx.post("/api/stores", "{\"storeName\": \"My Store\", \"userId\": \"user-1\"}");
        JsonNode created = expect(201, response);
        long id = created.path("id").asLong();
        assertEquals("My Store", created.path("name").asString());
        assertEquals("created", created.path("status").asString());
        assertEquals("woocommerce", created.path("type").asString(), "type defaults to woocommerce");
        assertEquals("user-1", created.path("owner").asString());
        assertEquals("store-my-store", created.path("namespace").asString());
        assertEquals("/api/stores/" + id, response.headers().firstValue("Location").orElseThrow());

        fx.awaitStatus(id, StoreStatus.READY);
        JsonNode ready = expect(200, fx.get("/api/stores/" + id));
        assertEquals("ready", ready.path("status").asString());
        assertEquals("my-store", ready.path("slug").asString());
        assertEquals("store-my-store", ready.path("release").asString());
        assertEquals(1, ready.path("revision").asInt());
        assertEquals("http://my-store.stores.test", ready.path("url").asString());
        assertTrue(ready.path("lastError").isNull());
        assertNotNull(java.time.Instant.parse(ready.path("createdAt").asString()));
        assertNotNull(java.time.Instant.parse(ready.path("updatedAt").asString()));
    }

    @Test
    void aCreateWithoutOwnerBelongsToTheTokensUserWhoIsTheAuditedActor() throws Exception {
        JsonNode created = expect(201, fx.send("POST", "/api/stores", "carol",
                "{\"name\":\"Carol's Shop\",\"email\":\"carol@example.com\",\"type\":\"medusa\"}"));
        Store store = fx.store(created.path("id").asLong());
        assertEquals("carol", store.owner());
        assertEquals("carol@example.com", store.email());
        assertEquals("medusa", created.path("type").asString());
        AuditEvent createRow = fx.app.audit().page(new AuditLog.AuditQuery(store.id(), null, ActionType.CREATE, 0, 5))
                .get(0);
        assertEquals("carol", createRow.actor());
        assertEquals(Outcome.SUCCESS, createRow.outcome());
        fx.awaitStatus(store.id(), StoreStatus.READY);
    }

    @Test
    void listShowsEveryStore() throws Exception {
        long a = fx.create("List One", "alice");
        long b = fx.create("List Two", "bob");
        JsonNode list = expect(200, fx.get("/api/stores"));
        assertTrue(list.isArray());
        List<Long> ids = new ArrayList<>();
        list.forEach(node -> ids.add(node.path("id").asLong()));
        assertEquals(List.of(a, b), ids.stream().sorted().toList());
        assertEquals(2, fx.app.stores().list().size());
    }

    @Test
    void upgradeHistoryRollbackAndDeleteThroughTheApi() throws Exception {
        long id = fx.create("Lifecycle Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        JsonNode before = expect(200, fx.get("/stores/metrics"));

        JsonNode upgrading = expect(202, fx.post("/api/stores/" + id + "/upgrade",
                "{\"values\": {\"wordpress\": {\"replicaCount\": 2}}}"));
        assertEquals("upgrading", upgrading.path("status").asString());
        assertEquals(2, fx.awaitStatus(id, StoreStatus.READY).helmRevision());

        JsonNode history = expect(200, fx.get("/api/stores/" + id + "/history"));
        assertEquals(2, history.size());
        assertEquals(1, history.get(0).path("revision").asInt());
        assertEquals(2, history.get(1).path("revision").asInt());
        assertEquals("deployed", history.get(1).path("status").asString());

        JsonNode rollingBack = expect(202, fx.post("/api/stores/" + id + "/rollback", "{\"revision\": 1}"));
        assertEquals("rolling_back", rollingBack.path("status").asString());
        Store rolledBack = fx.awaitStatus(id, StoreStatus.READY);
        assertEquals(3, rolledBack.helmRevision());
        assertEquals("Rollback to 1", fx.app.stores().history(id).get(2).description());

        JsonNode after = expect(200, fx.get("/stores/metrics"));
        assertEquals(before.path("upgradeCount").asLong() + 1, after.path("upgradeCount").asLong());
        assertEquals(before.path("rollbackCount").asLong() + 1, after.path("rollbackCount").asLong());

        JsonNode deleting = expect(202, fx.send("DELETE", "/api/stores/" + id, "dave", null));
        assertEquals("deleting", deleting.path("status").asString());
        fx.settle();
        expectError(404, "not_found", fx.get("/api/stores/" + id));
        assertNull(fx.kube.client().namespaces().withName("store-lifecycle-shop").get(), "namespace removed");

        List<AuditEvent> rows = fx.app.audit().page(new AuditLog.AuditQuery(id, null, null, 0, 100));
        assertEquals("dave", rows.stream().filter(r -> r.action() == ActionType.DELETE).findFirst().orElseThrow().actor());
        assertEquals("ops", rows.stream().filter(r -> r.action() == ActionType.UPGRADE).findFirst().orElseThrow().actor());
        assertEquals("ops", rows.stream().filter(r -> r.action() == ActionType.ROLLBACK).findFirst().orElseThrow().actor());
    }

    @Test
    void anUpgradeWithoutABodyUpgradesToTheBundledChart() throws Exception {
        long id = fx.create("Plain Upgrade", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        expect(202, fx.post("/api/stores/" + id + "/upgrade", null));
        assertEquals(2, fx.awaitStatus(id, StoreStatus.READY).helmRevision());
    }

    @Test
    void anUpgradeWithBackupFirstIsAnsweredWhileTheStoreIsReadyAndAFailedBackupLeavesItAsItWas() throws Exception {
        long id = fx.create("Careful Upgrade", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        // This console runs nothing in the stores' containers: the backup fails, and so the upgrade is refused.
        JsonNode answered = expect(202, fx.post("/api/stores/" + id + "/upgrade",
                "{\"values\": {\"wordpress\": {\"replicaCount\": 2}}, \"backupFirst\": true}"));
        assertEquals("ready", answered.path("status").asString(), "the backup runs first");
        fx.settle();
        Store after = fx.store(id);
        assertEquals(StoreStatus.READY, after.status());
        assertEquals(1, after.helmRevision());
        List<AuditEvent> rows = fx.app.audit().page(new AuditLog.AuditQuery(id, null, null, 0, 100));
        assertTrue(rows.stream().anyMatch(r -> r.action() == ActionType.BACKUP_FAILED), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.action() == ActionType.UPGRADE && r.outcome() == Outcome.REJECTED
                && r.detail().startsWith("backup before upgrade failed: ")), rows.toString());
    }

    @Test
    void aFailedStoreIsRetriedThroughTheApi() throws Exception {
        fx.kube.failNext("POST", "/deployments$", 500, 1);
        long id = fx.create("Retry Shop", "alice");
        fx.awaitStatus(id, StoreStatus.FAILED);
        JsonNode failed = expect(200, fx.get("/api/stores/" + id));
        assertEquals("failed", failed.path("status").asString());
        assertTrue(failed.path("lastError").asString().startsWith("installing release store-retry-shop"),
                failed.toString());
        long retriesBefore = expect(200, fx.get("/stores/metrics")).path("retryCount").asLong();

        JsonNode retrying = expect(202, fx.post("/api/stores/" + id + "/retry", null));
        assertEquals("provisioning", retrying.path("status").asString());
        fx.awaitStatus(id, StoreStatus.READY);
        assertEquals(retriesBefore + 1, expect(200, fx.get("/stores/metrics")).path("retryCount").asLong());
        assertEquals(1, fx.kube.client().apps().deployments().inNamespace("store-retry-shop")
                .withLabel("app.kubernetes.io/component", "wordpress").list().getItems().size(), "converged, no duplicate");
    }

    @Test
    void metricsCarryTheCountersAndTimeToReady() throws Exception {
        long id = fx.create("Metrics Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);
        JsonNode metrics = expect(200, fx.get("/stores/metrics"));
        var snapshot = fx.app.metrics().snapshot();
        assertEquals(1, fx.app.stores().list().size());
        assertEquals(snapshot.activeStores(), metrics.path("activeStores").asLong());
        assertTrue(metrics.path("activeStores").asLong() >= 1);
        assertTrue(metrics.path("provisioningCount").asLong() >= 1);
        for (String counter : List.of("failureCount", "upgradeCount", "rollbackCount", "retryCount", "ordersPlaced")) {
            assertTrue(metrics.path(counter).isNumber(), counter + " in " + metrics);
        }
        JsonNode ttr = metrics.path("timeToReady");
        assertTrue(ttr.path("count").asLong() >= 1, metrics.toString());
        assertTrue(ttr.path("maxMs").asLong() >= ttr.path("medianMs").asDouble(), metrics.toString());
    }

    @Test
    void activityIsPagedNewestFirstAndFiltered() throws Exception {
        long id = fx.create("Activity Shop", "alice");
        fx.awaitStatus(id, StoreStatus.READY);

        JsonNode all = expect(200, fx.get("/stores/activity"));
        long total = fx.app.audit().count(new AuditLog.AuditQuery(null, null, null, 0, 0));
        assertEquals(total, all.path("total").asLong());
        assertEquals(0, all.path("page").asInt());
        assertEquals(50, all.path("size").asInt());
        assertEquals(Math.min(50, total), all.path("items").size());
        JsonNode newest = all.path("items").get(0);
        assertEquals("provision_succeeded", newest.path("action").asString());
        assertEquals("success", newest.path("outcome").asString());
        assertEquals("Activity Shop", newest.path("storeName").asString());
        assertEquals(id, newest.path("storeId").asLong());

        JsonNode mine = expect(200, fx.get("/stores/activity?store=Activity%20Shop&size=2"));
        assertEquals(3, mine.path("total").asLong(), "create, provision started, provision succeeded");
        assertEquals(List.of("provision_succeeded", "provision_started"), actions(mine));
        JsonNode second = expect(200, fx.get("/stores/activity?store=Activity%20Shop&size=2&page=1"));
        assertEquals(List.of("create"), actions(second));
        assertEquals("ops", second.path("items").get(0).path("actor").asString());

        JsonNode creates = expect(200, fx.get("/stores/activity?action=create&storeId=" + id));
        assertEquals(1, creates.path("total").asLong());
        assertEquals(List.of("create"), actions(creates));
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.path("items").forEach(row -> actions.add(row.path("action").asString()));
        return actions;
    }
}
