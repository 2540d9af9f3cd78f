package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.testing.Eventually;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** {@code /api/rollouts} as a script meets it: the contract of docs/api.md, the admin role, the field errors. */
@Timeout(120)
class RolloutRoutesTest extends ApiFixtureTest {

    @Test
    void aBodyTheApiCannotTurnIntoAPlanIsRefusedFieldByFieldAndStartsNothing() throws Exception {
        int before = expect(200, fx.get("/api/rollouts")).size();
        JsonNode bad = expectError(400, "validation", fx.post("/api/rollouts",
                "{\"stores\":[0],\"selector\":{\"type\":\"magento\"},\"gateTimeoutSeconds\":0,\"waves\":[25,null]}"));
        Set<String> fields = new TreeSet<>();
        bad.path("fields").forEach(f -> fields.add(f.path("field").asString()));
        assertEquals(Set.of("stores", "selector.type", "gateTimeoutSeconds", "waves"), fields, bad.toString());
        JsonNode typed = expectError(400, "bad_request", fx.post("/api/rollouts", "{\"canary\":\"1\"}"));
        assertEquals("canary", typed.path("fields").get(0).path("field").asString(), typed.toString());
        JsonNode unknown = expectError(400, "bad_request", fx.post("/api/rollouts", "{\"wave\":[100]}"));
        assertTrue(unknown.path("message").asString().contains("waves"), unknown.toString());
        assertEquals(before, expect(200, fx.get("/api/rollouts")).size(), "nothing was started");
    }

    @Test
    void aRolloutStartedOverHttpIsListedReadWaveByWaveAndPassesWithEveryStoreUpgradedOnce() throws Exception {
        List<Long> ids = stores(3);
        JsonNode countedBefore = expect(200, fx.get("/stores/metrics")).path("rollouts");
        HttpResponse<String> started = fx.post("/api/rollouts", "{\"stores\":" + ids + ",\"canary\":1,\"waves\":[100],"
                + "\"values\":{\"wordpress\":{\"replicaCount\":2}},\"maxInFlight\":2,\"verify\":true}");
        JsonNode rollout = expect(201, started);
        long id = rollout.path("id").asLong();
        assertEquals("/api/rollouts/" + id, started.headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""))
                .orElse(null));
        assertTrue(Set.of("running", "passed").contains(rollout.path("status").asString()), rollout.toString());
        assertTrue(idsOf(expect(200, fx.get("/api/rollouts"))).contains(id), "listed");

        JsonNode done = finished(id);
        assertEquals("passed", done.path("status").asString(), done.toString());
        assertEquals(2, done.path("waves").size(), "the canary, then the rest: " + done);
        assertEquals(1, done.path("waves").get(0).path("stores").size(), done.toString());
        for (JsonNode wave : done.path("waves")) {
            for (JsonNode store : wave.path("stores")) {
                assertEquals("passed", store.path("status").asString(), store.toString());
                assertEquals(store.path("fromRevision").asInt() + 1, store.path("toRevision").asInt(), store.toString());
                assertEquals(store.path("toRevision").asInt(), fx.store(store.path("storeId").asLong()).helmRevision(),
                        "upgraded exactly once: " + store);
            }
        }
        JsonNode counted = expect(200, fx.get("/stores/metrics")).path("rollouts");
        assertEquals(countedBefore.path("passed").asLong() + 1, counted.path("passed").asLong(), counted.toString());
        assertEquals(countedBefore.path("storesUpgraded").asLong() + 3, counted.path("storesUpgraded").asLong(),
                counted.toString());
    }

    @Test
    void aStoreInARunningRolloutRefusesAManualUpgradeAndASecondRolloutAndAPausedOneResumesToTheEnd() throws Exception {
        List<Long> ids = stores(3);
        long id = startOneAtATime(ids);
        JsonNode paused = expect(200, fx.post("/api/rollouts/" + id + "/pause", null));
        assertEquals("paused", paused.path("status").asString(), paused.toString());

        JsonNode manual = expectError(400, "conflict", fx.post("/api/stores/" + ids.get(2) + "/upgrade", null));
        assertTrue(manual.path("message").asString().contains("rollout"), manual.toString());
        JsonNode second = expectError(400, "conflict", fx.post("/api/rollouts", "{\"stores\":[" + ids.get(2) + "],"
                + "\"values\":{\"wordpress\":{\"replicaCount\":3}}}"));
        assertTrue(second.path("message").asString().contains(String.valueOf(id)), "names the rollout: " + second);

        assertEquals("running", expect(200, fx.post("/api/rollouts/" + id + "/resume", null)).path("status").asString());
        assertEquals("passed", finished(id).path("status").asString());
        fx.settle();
        assertEquals(StoreStatus.READY, fx.store(ids.get(2)).status(), "a finished rollout lets go of its stores");
        expect(202, fx.post("/api/stores/" + ids.get(2) + "/upgrade", null));
    }

    @Test
    void anAbortedRolloutStartsNoStoreAnyMoreAndRollsNothingBack() throws Exception {
        List<Long> ids = stores(3);
        long id = startOneAtATime(ids);
        JsonNode aborted = expect(200, fx.post("/api/rollouts/" + id + "/abort", null));
        assertEquals("aborted", aborted.path("status").asString(), aborted.toString());
        JsonNode settled = Eventually.until(() -> read(id), r -> entries(r).stream().noneMatch(e ->
                Set.of("upgrading", "verifying").contains(e.path("status").asString())), Duration.ofSeconds(60));
        assertEquals("aborted", settled.path("status").asString());
        for (JsonNode entry : entries(settled)) {
            assertTrue(Set.of("passed", "skipped", "pending").contains(entry.path("status").asString()),
                    "nothing failed or rolled back: " + entry);
        }
        JsonNode again = expectError(400, "invalid_state", fx.post("/api/rollouts/" + id + "/resume", null));
        assertTrue(again.path("message").asString().contains("aborted"), again.toString());
        expectError(404, "not_found", fx.get("/api/rollouts/999999"));
    }

    @Test
    void aRolloutWithBackupFirstShowsItInItsPlanAndHaltsWithoutUpgradingAStoreWhoseBackupFails() throws Exception {
        List<Long> ids = stores(1);
        int revision = fx.store(ids.get(0)).helmRevision();
        // This console runs nothing in the stores' containers: every backup fails.
        JsonNode started = expect(201, fx.post("/api/rollouts", "{\"stores\":" + ids + ",\"verify\":false,"
                + "\"backupFirst\":true,\"values\":{\"wordpress\":{\"replicaCount\":2}}}"));
        assertTrue(started.path("plan").path("backupFirst").asBoolean(), started.toString());
        JsonNode done = finished(started.path("id").asLong());
        assertEquals("halted", done.path("status").asString(), done.toString());
        assertTrue(done.path("reason").asString().contains("backup before upgrade failed: "), done.toString());
        assertEquals("failed", entries(done).get(0).path("status").asString(), done.toString());
        fx.settle();
        assertEquals(revision, fx.store(ids.get(0)).helmRevision(), "not upgraded");
    }

    @Test
    void onlyAnAdminStartsPausesResumesOrAbortsARolloutAndAViewerReadsThem() throws Exception {
        for (String path : new String[] {"/api/rollouts", "/api/rollouts/1/pause", "/api/rollouts/1/resume",
                "/api/rollouts/1/abort"}) {
            expectError(403, "forbidden", fx.send("POST", path, "olga", Role.OPERATOR, "{\"stores\":[1]}"));
        }
        expect(200, fx.send("GET", "/api/rollouts", "vera", Role.VIEWER, null));
    }

    /** {@code count} READY stores, three owners' worth at most per owner (the quota). */
    private static List<Long> stores(int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(fx.create("Wave " + i, "owner" + i / 3));
        }
        for (long storeId : ids) {
            fx.awaitStatus(storeId, StoreStatus.READY);
        }
        return ids;
    }

    /** A rollout of {@code ids} one store at a time, without verification: slow enough to act on while it runs. */
    private static long startOneAtATime(List<Long> ids) throws Exception {
        return expect(201, fx.post("/api/rollouts", "{\"stores\":" + ids + ",\"maxInFlight\":1,\"verify\":false,"
                + "\"values\":{\"wordpress\":{\"replicaCount\":2}}}")).path("id").asLong();
    }

    private static JsonNode read(long id) {
        try {
            return expect(200, fx.get("/api/rollouts/" + id));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode finished(long id) {
        return Eventually.until(() -> read(id), r -> !Set.of("running", "paused").contains(r.path("status").asString()),
                Duration.ofSeconds(90));
    }

    private static List<JsonNode> entries(JsonNode rollout) {
        List<JsonNode> all = new ArrayList<>();
        rollout.path("waves").forEach(w -> w.path("stores").forEach(all::add));
        return all;
    }

    private static Set<Long> idsOf(JsonNode list) {
        Set<Long> ids = new TreeSet<>();
        list.forEach(r -> ids.add(r.path("id").asLong()));
        return ids;
    }
}
