package dev.storefleet.api;

import dev.storefleet.cluster.RealClusterAdapters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.storefleet.app.Storefleet;
import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.persistence.ZipBackupArchives;
import dev.storefleet.service.port.StoreExec;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headless server as it runs for real, for tests: the real services on an H2 file in a temp
 * directory, the real helm-java and fabric8 adapters with the charts of charts/, against the
 * test Kubernetes API; the REST API on a free port of 127.0.0.1, spoken to with the JDK's
 * HTTP client over a real socket. The stores' own APIs (orders) are played by a
 * {@link FakeStoreOrders}: the real WooCommerce and Medusa clients are tested against real stores.
 */
final class ApiFixture implements AutoCloseable {
    static final String SECRET = "a-test-secret-of-more-than-32-bytes-for-hs256";
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(10),
            "stores.test", "traefik");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final TestKubernetesApi kube;
    final FakeStoreOrders storeOrders = new FakeStoreOrders();
    final Storefleet app;
    final ApiServer server;
    final JwtTokens tokens = new JwtTokens(SECRET, Clock.systemUTC());
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dataDir;
    private final DatabaseTarget database;
    private final ClusterConnection connection;
    private boolean servicesClosed;

    ApiFixture(Path dir) throws Exception {
        this(dir, null);
    }

    /** On {@code database} (null: the H2 file under {@code dir}). */
    ApiFixture(Path dir, DatabaseTarget database) throws Exception {
        this(dir, database, Storefleet.NO_EXEC);
    }

    /** With the stores' containers played by {@code exec}; backups under the data directory. */
    ApiFixture(Path dir, DatabaseTarget database, StoreExec exec) throws Exception {
        kube = new TestKubernetesApi();
        RealClusterAdapters adapters = RealClusterAdapters.against(kube, dir, RealClusterAdapters.REPO_CHARTS,
                SETTINGS.readyTimeout());
        connection = adapters.connection();
        dataDir = dir.resolve("data");
        this.database = database == null ? DatabaseTarget.h2(dataDir) : database;
        app = adapters.start(this.database, SETTINGS, storeOrders, exec, new ZipBackupArchives(dataDir.resolve("backups")));
        server = ApiServer.start(new ApiSettings("127.0.0.1", 0, SECRET), app.stores(), app.orders(), app.pods(),
                app.audit(), app.metrics(), app.health(), app.rollouts(), app.backups(), Clock.systemUTC());
    }

    /** An admin's token: the tests of what a route does may do everything; {@link RolesTest} tries the others. */
    String token(String user) {
        return token(user, Role.ADMIN);
    }

    String token(String user, Role role) {
        return tokens.mint(user, role, Duration.ofMinutes(10));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** A request as a script sends it: bearer token of {@code user}, JSON body if any. */
    HttpResponse<String> send(String method, String path, String user, String json) throws Exception {
        return sendWith(method, path, "Bearer " + token(user), json);
    }

    /** The same with a token of {@code role}. */
    HttpResponse<String> send(String method, String path, String user, Role role, String json) throws Exception {
        return sendWith(method, path, "Bearer " + token(user, role), json);
    }

    private HttpResponse<String> sendWith(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> raw(String method, String path, String authorization, String contentType, BodyPublisher body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, "ops", null);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, "ops", json);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Asserts the status and the JSON answer's error code (or a success), giving the body on failure. */
    static JsonNode expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), () -> response.request().method() + " " + response.uri()
                + " answered " + response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(null));
        return json(response);
    }

    static JsonNode expectError(int status, String error, HttpResponse<String> response) {
        JsonNode body = expect(status, response);
        assertEquals(error, body.path("error").asString(), response.body());
        assertEquals(true, body.path("message").isString() && !body.path("message").asString().isBlank(),
                response.body());
        return body;
    }

    /** Creates a store through the API and returns its id. */
    long create(String name, String owner) throws Exception {
        return expect(201, post("/api/stores", "{\"name\":\"" + name + "\",\"owner\":\"" + owner + "\"}"))
                .path("id").asLong();
    }

    void settle() throws InterruptedException {
        if (!app.executor().awaitIdle(Duration.ofSeconds(60))) {
            throw new AssertionError("background work did not finish within 60 s");
        }
    }

    Store store(long id) {
        return app.stores().get(id);
    }

    Store awaitStatus(long id, StoreStatus status) throws InterruptedException {
        settle();
        Store store = store(id);
        assertEquals(status, store.status(), store.lastError());
        return store;
    }

    /** Rows in a table of the console's database, read beside the services over JDBC. */
    long countRows(String table) {
        try (Connection c = jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    Connection jdbc() throws SQLException {
        return database.shared() ? TestPostgres.connect(database)
                : DriverManager.getConnection(dev.storefleet.persistence.Database.jdbcUrl(dataDir), "storefleet", "");
    }

    /** Deletes every store through the services and waits, so a test starts from an empty console. */
    void deleteAllStores() throws InterruptedException {
        storeOrders.reset();
        settle();
        for (Store store : app.stores().list()) {
            app.stores().delete(store.id(), "cleanup");
        }
        settle();
        kube.reset();
    }

    /** Closes the services and their database under the running server, as a failing database would leave it. */
    void closeServices() {
        if (!servicesClosed) {
            servicesClosed = true;
            app.close();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            closeServices();
            connection.close();
        } finally {
            kube.close();
        }
    }
}
