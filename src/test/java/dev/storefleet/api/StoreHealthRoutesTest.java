package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.testcluster.PodFault;
import dev.storefleet.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The READY stores' health over real HTTP, judged by the real fleet watch (fabric8 informers)
 * on the test Kubernetes API: healthy, degraded by a crash-looping database, gone when its
 * namespace is deleted behind the console's back, and re-provisioned back to healthy.
 */
@Timeout(180)
class StoreHealthRoutesTest extends ApiFixtureTest {
    /** How long the watch may take to see what the cluster did: a few seconds. */
    private static final Duration SEEN = Duration.ofSeconds(10);

    @BeforeEach
    void watching() {
        fx.app.startWatching(); // as `serve` does after reconciliation; once per console
    }

    @Test
    void aStoreIsHealthyDegradedGoneAndReprovisionedBackToHealthy() throws Exception {
        JsonNode created = expect(201, fx.post("/api/stores", "{\"name\":\"Drift Shop\",\"owner\":\"alice\"}"));
        assertTrue(created.has("health") && created.path("health").isNull(), "not READY: no health; " + created);
        long id = created.path("id").asLong();
        fx.awaitStatus(id, StoreStatus.READY);

        JsonNode healthy = awaitHealth(id, "healthy");
        assertEquals("", healthy.path("health").path("reason").asString());
        Instant since = Instant.parse(healthy.path("health").path("since").asString());
        JsonNode metrics = expect(200, fx.get("/stores/metrics"));
        assertEquals(1, metrics.path("health").path("healthy").asLong(), metrics.toString());
        assertEquals(0, metrics.path("degradedStores").asLong(), metrics.toString());
        assertTrue(metrics.path("fleetWatch").path("watching").asBoolean(), metrics.toString());
        assertTrue(metrics.path("fleetWatch").path("words").asString().startsWith("watching"), metrics.toString());

        PodFault crash = fx.kube.crashLoop("-db-0$", "mariadb", List.of("boom"));
        JsonNode degraded = awaitHealth(id, "degraded");
        String reason = degraded.path("health").path("reason").asString();
        assertTrue(reason.contains("pod store-drift-shop-woocommerce-db-0") && reason.contains("mariadb"), reason);
        assertTrue(Instant.parse(degraded.path("health").path("since").asString()).isAfter(since), degraded.toString());
        assertEquals("ready", degraded.path("status").asString(), "health is an observation, not a status");
        metrics = expect(200, fx.get("/stores/metrics"));
        assertEquals(1, metrics.path("degradedStores").asLong(), metrics.toString());
        assertEquals(1, metrics.path("health").path("degraded").asLong(), metrics.toString());
        assertEquals(0, metrics.path("health").path("healthy").asLong(), metrics.toString());
        expectError(400, "invalid_state", fx.post("/api/stores/" + id + "/reprovision", null));

        crash.lift();
        awaitHealth(id, "healthy");

        fx.kube.client().namespaces().withName("store-drift-shop").delete();
        JsonNode gone = awaitHealth(id, "gone");
        assertTrue(gone.path("health").path("reason").asString().contains("store-drift-shop"), gone.toString());
        metrics = expect(200, fx.get("/stores/metrics"));
        assertEquals(1, metrics.path("health").path("gone").asLong(), metrics.toString());
        assertEquals(0, metrics.path("degradedStores").asLong(), metrics.toString());

        JsonNode reprovisioning = expect(202, fx.send("POST", "/api/stores/" + id + "/reprovision", "dave", null));
        assertEquals("provisioning", reprovisioning.path("status").asString());
        assertTrue(reprovisioning.path("health").isNull(), reprovisioning.toString());
        fx.awaitStatus(id, StoreStatus.READY);
        awaitHealth(id, "healthy");
        assertTrue(fx.kube.client().namespaces().withName("store-drift-shop").get() != null, "installed again");

        AuditEvent row = fx.app.audit().page(new AuditLog.AuditQuery(id, null, ActionType.REPROVISION, 0, 5)).get(0);
        assertEquals("dave", row.actor());
        assertEquals(Outcome.SUCCESS, row.outcome());
        assertTrue(row.detail().contains("store-drift-shop"), row.detail());
    }

    @Test
    void reprovisioningAStoreTheClusterStillHasIsRefusedInWords() throws Exception {
        long id = fx.create("Fine Shop", "bob");
        fx.awaitStatus(id, StoreStatus.READY);
        awaitHealth(id, "healthy");

        JsonNode refused = expectError(400, "invalid_state", fx.post("/api/stores/" + id + "/reprovision", null));
        assertEquals("Store 'Fine Shop' is healthy on the cluster, not gone; re-provisioning is the way out of drift"
                + " only. Upgrade or retry it instead.", refused.path("message").asString());
        assertEquals(StoreStatus.READY, fx.store(id).status(), "nothing was changed");
        AuditEvent row = fx.app.audit().page(new AuditLog.AuditQuery(id, null, ActionType.REPROVISION, 0, 5)).get(0);
        assertEquals(Outcome.REJECTED, row.outcome(), "the refusal is audited");

        expectError(404, "not_found", fx.post("/api/stores/999999/reprovision", null));
    }

    @Test
    void aStoreThatIsNotReadyHasNoHealthAndCannotBeReprovisioned() throws Exception {
        fx.kube.failNext("POST", "/deployments$", 500, 1);
        long id = fx.create("Broken Shop", "carol");
        fx.awaitStatus(id, StoreStatus.FAILED);
        JsonNode failed = expect(200, fx.get("/api/stores/" + id));
        assertTrue(failed.has("health") && failed.path("health").isNull(), failed.toString());
        JsonNode listed = expect(200, fx.get("/api/stores")).get(0);
        assertTrue(listed.path("health").isNull(), listed.toString());

        JsonNode refused = expectError(400, "invalid_state", fx.post("/api/stores/" + id + "/reprovision", null));
        assertTrue(refused.path("message").asString().startsWith("Store 'Broken Shop' is failed; only a ready store"),
                refused.toString());
        JsonNode metrics = expect(200, fx.get("/stores/metrics"));
        for (String state : List.of("healthy", "degraded", "gone", "unknown")) {
            assertEquals(0, metrics.path("health").path(state).asLong(), state + " in " + metrics);
        }
        assertFalse(metrics.path("fleetWatch").path("words").asString().isBlank(), metrics.toString());
    }

    /** Polls the store until its health is {@code state}; returns the store as answered then. */
    private static JsonNode awaitHealth(long id, String state) {
        return await(id, store -> state.equals(store.path("health").path("state").asString()),
                "health " + state);
    }

    private static JsonNode await(long id, Predicate<JsonNode> done, String what) {
        JsonNode store = Eventually.until(() -> store(id), done, SEEN);
        if (!done.test(store)) {
            throw new AssertionError("waited " + SEEN.toSeconds() + " s for store " + id + " to show " + what
                    + "; it reads " + store);
        }
        return store;
    }

    private static JsonNode store(long id) {
        try {
            return expect(200, fx.get("/api/stores/" + id));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
