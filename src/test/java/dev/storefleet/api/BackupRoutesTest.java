package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.LocalContainers;
import dev.storefleet.service.MedusaStandIn;
import dev.storefleet.testing.Eventually;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The backup routes over HTTP: a Medusa store installed with the real chart on the test cluster,
 * its database container played by a local process on the test PostgreSQL ({@link LocalContainers}).
 */
@Timeout(180)
class BackupRoutesTest {
    @TempDir
    Path dir;

    @Test
    void backUpFollowAJobRestoreIntoANewStoreAndDelete() throws Exception {
        LocalContainers containers = new LocalContainers();
        try (ApiFixture fx = new ApiFixture(dir, null, containers)) {
            MedusaStandIn source = MedusaStandIn.seeded(50).playedIn(containers, namespace("Api Shop"));
            MedusaStandIn copy = MedusaStandIn.seeded(0).playedIn(containers, namespace("Api Copy"));
            long id = expect(201, fx.post("/api/stores", "{\"name\":\"Api Shop\",\"owner\":\"ann\",\"type\":\"medusa\"}"))
                    .path("id").asLong();
            fx.awaitStatus(id, StoreStatus.READY);

            JsonNode backup = expect(201, fx.post("/api/stores/" + id + "/backups?wait=60", "{\"reason\":\"Before the sale\"}"));
            String backupId = backup.path("id").asString();
            assertEquals("database.dump", backup.path("parts").get(0).path("name").asString());
            assertEquals(64, backup.path("parts").get(0).path("sha256").asString().length());
            assertTrue(backup.path("intact").asBoolean());
            assertEquals("before the sale", backup.path("reason").asString());

            // Not waited for: 202, the job to follow, then its result.
            HttpResponse<String> queued = fx.post("/api/stores/" + id + "/backups?wait=0", null);
            assertEquals(202, queued.statusCode(), queued.body());
            String job = queued.headers().firstValue("Location").orElseThrow();
            JsonNode done = Eventually.until(() -> ApiFixture.json(get(fx, job)),
                    j -> !j.path("status").asString().equals("running"), Duration.ofSeconds(60));
            assertEquals("succeeded", done.path("status").asString(), done.toString());
            assertEquals("backup", done.path("kind").asString());
            assertTrue(done.path("bytes").asLong() > 0, done.toString());

            JsonNode list = expect(200, fx.get("/api/stores/" + id + "/backups"));
            assertEquals(2, list.size());
            assertEquals(done.path("result").path("id").asString(), list.get(0).path("id").asString(), "newest first");

            expectError(400, "validation", fx.post("/api/stores/" + id + "/backups/" + backupId + "/restore",
                    "{\"into\":\"elsewhere\"}"));
            expectError(404, "not_found", fx.post("/api/stores/" + id + "/backups/no-such-backup/restore",
                    "{\"into\":\"same\"}"));

            JsonNode restored = expect(200, fx.post("/api/stores/" + id + "/backups/" + backupId + "/restore?wait=120",
                    "{\"into\":\"new\",\"name\":\"Api Copy\"}"));
            assertEquals("Api Copy", restored.path("storeName").asString());
            assertEquals("ready", restored.path("status").asString());
            assertEquals("passed", restored.path("verification").path("state").asString(), restored.toString());
            assertEquals(source.tables(), copy.tables(), "the new store's database holds the backup's rows");

            expect(200, fx.send("DELETE", "/api/stores/" + id + "/backups/" + backupId, "ops", null));
            assertFalse(ApiFixture.json(fx.get("/api/stores/" + id + "/backups")).toString().contains(backupId));
            expectError(404, "not_found", fx.send("DELETE", "/api/jobs/no-such-job", "ops", null));
        }
    }

    private static HttpResponse<String> get(ApiFixture fx, String path) {
        try {
            return fx.get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String namespace(String name) {
        return StoreNames.namespaceOf(StoreNames.slugOf(name));
    }
}
