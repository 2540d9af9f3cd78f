package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.ActionType;
import dev.storefleet.cluster.OlderCharts;
import dev.storefleet.cluster.RealClusterAdapters;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.persistence.Database;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.testcluster.TestKubernetesApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Chart versions and previews over HTTP, on the test cluster with the real Helm library: a store
 * installed by a console whose WooCommerce chart says 0.0.9 (a copy of the real one), its chart
 * then forgotten as a row written before schema 7 would be, and a console with the real charts
 * (0.1.0) that reads it back from Helm and shows the store outdated, beside one it installs itself.
 */
@Timeout(120)
class ChartVersionRoutesTest {
    @TempDir
    static Path dir;
    static TestKubernetesApi kube;
    static Storefleet app;
    static ApiServer server;
    static long oldStore;
    static long newStore;
    static final JwtTokens TOKENS = new JwtTokens(ApiFixture.SECRET, Clock.systemUTC());
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kube = new TestKubernetesApi();
        Path data = dir.resolve("data");
        Path oldCharts = OlderCharts.copy(dir.resolve("old-charts"));
        RealClusterAdapters old = RealClusterAdapters.against(kube, dir.resolve("old"), oldCharts,
                ApiFixture.SETTINGS.readyTimeout());
        try (Storefleet before = old.start(data, ApiFixture.SETTINGS)) {
            oldStore = before.stores().create(new NewStoreRequest("Old Shop", "alice", "a@example.com", null), "tester").id();
            assertTrue(before.executor().awaitIdle(Duration.ofSeconds(60)));
            assertEquals("woocommerce-0.0.9", before.stores().get(oldStore).chart());
        } finally {
            old.connection().close();
        }
        try (Connection c = DriverManager.getConnection(Database.jdbcUrl(data), "storefleet", "");
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE store SET chart = NULL, app_version = NULL"); // as schema 6 left it
        }
        RealClusterAdapters adapters = RealClusterAdapters.against(kube, dir.resolve("new"),
                RealClusterAdapters.REPO_CHARTS, ApiFixture.SETTINGS.readyTimeout());
        app = adapters.start(data, ApiFixture.SETTINGS);
        app.stores().reconcile();
        server = ApiServer.start(new ApiSettings("127.0.0.1", 0, ApiFixture.SECRET), app.stores(), app.orders(), app.pods(),
                app.audit(), app.metrics(), app.health(), app.rollouts(), app.backups(), Clock.systemUTC());
        newStore = app.stores().create(new NewStoreRequest("New Shop", "bob", "b@example.com", null), "tester").id();
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
        kube.close();
    }


    @Test
    void theChartsAreListedAndEveryStoreShowsItsChartAndWhetherItIsOutdated() throws Exception {
        JsonNode charts = expect(200, send("GET", "/api/charts", Role.VIEWER, null));
        JsonNode woo = find(charts, "type", "woocommerce");
        assertEquals("woocommerce", woo.path("name").asString());
        assertEquals("0.1.0", woo.path("version").asString());
        assertEquals("6.8.3", woo.path("appVersion").asString());
        assertEquals("0.2.0", find(charts, "type", "medusa").path("version").asString());

        // the forgotten chart was read back from Helm's history at start (on the work queue, idle since), audited
        assertEquals(1, app.audit().page(new AuditLog.AuditQuery(oldStore, null, ActionType.RECONCILED, 0, 10)).stream()
                .filter(e -> e.detail().equals("chart woocommerce-0.0.9 (app 6.8.3) of revision 1 read from Helm")).count());
        JsonNode stores = expect(200, send("GET", "/api/stores", Role.VIEWER, null));
        JsonNode old = find(stores, "id", Long.toString(oldStore));
        assertEquals("woocommerce-0.0.9", old.path("chart").asString());
        assertEquals("0.0.9", old.path("chartVersion").asString());
        assertEquals("6.8.3", old.path("appVersion").asString());
        assertTrue(old.path("outdated").asBoolean());
        JsonNode fresh = find(stores, "id", Long.toString(newStore));
        assertEquals("0.1.0", fresh.path("chartVersion").asString());
        assertFalse(fresh.path("outdated").asBoolean());

        JsonNode outdated = expect(200, send("GET", "/api/stores?outdated=true", Role.VIEWER, null));
        assertEquals(1, outdated.size());
        assertEquals(oldStore, outdated.get(0).path("id").asLong());
        assertEquals(newStore, expect(200, send("GET", "/api/stores?outdated=false", Role.VIEWER, null)).get(0).path("id").asLong());
        ApiFixture.expectError(400, "validation", send("GET", "/api/stores?outdated=maybe", Role.VIEWER, null));
    }

    @Test
    void anUpgradeDryRunAnswersThePreviewAndChangesNothing() throws Exception {
        long rows = app.audit().count(new AuditLog.AuditQuery(null, null, null, 0, 100_000));
        JsonNode preview = expect(200, send("POST", "/api/stores/" + oldStore + "/upgrade?dryRun=true", Role.OPERATOR,
                "{\"values\": {\"mariadb\": {\"user\": \"shop\"}}}"));
        assertEquals("woocommerce-0.0.9", preview.path("chartBefore").asString());
        assertEquals("woocommerce-0.1.0", preview.path("chartAfter").asString());
        assertFalse(preview.path("atTarget").asBoolean());
        assertEquals("mariadb.user", preview.path("values").get(0).path("path").asString());
        JsonNode deployment = find(preview.path("objects"), "kind", "Deployment");
        assertEquals("changed", deployment.path("change").asString());
        assertTrue(deployment.path("diff").asString().contains("+          value: shop"), deployment.toString());
        // the chart's version is in every object's helm.sh/chart label: every object changes
        assertTrue(preview.path("objects").size() > 5, preview.toString());

        JsonNode same = expect(200, send("POST", "/api/stores/" + newStore + "/upgrade?dryRun=true", Role.OPERATOR, null));
        assertTrue(same.path("atTarget").asBoolean(), same.toString());
        assertEquals(0, same.path("objects").size());

        JsonNode rollback = expect(200, send("POST", "/api/stores/" + newStore + "/rollback?dryRun=true", Role.ADMIN,
                "{\"revision\": 1}"));
        assertTrue(rollback.path("atTarget").asBoolean(), rollback.toString());
        ApiFixture.expectError(403, "forbidden", send("POST", "/api/stores/" + newStore + "/rollback?dryRun=true",
                Role.OPERATOR, "{\"revision\": 1}"));

        assertEquals(rows + 1, app.audit().count(new AuditLog.AuditQuery(null, null, null, 0, 100_000)),
                "only the refused rollback preview's access_denied row");
        for (long id : new long[] {oldStore, newStore}) {
            Store store = app.stores().get(id);
            assertEquals(StoreStatus.READY, store.status());
            assertEquals(1, store.helmRevision());
            assertEquals(1, app.stores().history(id).size());
        }
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.path(field).asString().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + list);
    }

    private static HttpResponse<String> send(String method, String path, Role role, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKENS.mint("ops", role, Duration.ofMinutes(10)));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
