package dev.storefleet.cluster;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.StoreCluster;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The whole engine for tests: the real services on a real H2 file, the real Helm and fabric8
 * adapters, the real charts of charts/, all against the test Kubernetes API over HTTP.
 * {@link #restart()} closes the services and opens them again over the same files and server.
 */
final class EngineFixture implements AutoCloseable {
    /** The repository's charts, as the console installs them. */
    static final Path REPO_CHARTS = RealClusterAdapters.REPO_CHARTS;
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(10),
            "stores.test", "traefik");

    final TestKubernetesApi api;
    private final Path dir;
    private final Path charts;
    private final EngineSettings settings;
    private final java.util.function.BiFunction<HelmReleases, StoreCluster, Object> decorate;
    private DiagnosisRules rules = DiagnosisRules.DEFAULTS;
    private ClusterConnection connection;
    private GuardedAdapters adapters;
    private Object underTest;
    private Storefleet app;

    EngineFixture(Path dir) throws Exception {
        this(dir, REPO_CHARTS, SETTINGS);
    }

    EngineFixture(Path dir, Path charts, EngineSettings settings) throws Exception {
        this(dir, charts, settings, GuardedAdapters::new);
    }

    /** {@code decorate} wraps the real adapters (it must implement both ports). */
    <T extends HelmReleases & StoreCluster> EngineFixture(Path dir, Path charts, EngineSettings settings,
            java.util.function.BiFunction<HelmReleases, StoreCluster, T> decorate) throws Exception {
        this.api = new TestKubernetesApi();
        this.dir = dir;
        this.charts = charts;
        this.settings = settings;
        this.decorate = decorate::apply;
        open();
    }

    /** The services again, judging stuck releases by {@code rules}. */
    EngineFixture judgingBy(DiagnosisRules rules) throws Exception {
        app.close();
        connection.close();
        this.rules = rules;
        open();
        return this;
    }

    void open() throws Exception {
        RealClusterAdapters real = RealClusterAdapters.against(api, dir, charts, settings.readyTimeout(), rules);
        connection = real.connection();
        underTest = decorate.apply(real.helm(), real.cluster());
        adapters = underTest instanceof GuardedAdapters guarded ? guarded : null;
        app = Storefleet.start(dir.resolve("data"), (HelmReleases) underTest, (StoreCluster) underTest, connection,
                real.inspector(), real.pods(), Storefleet.NO_STORE_API, new Fabric8FleetWatch(connection), settings,
                Clock.systemUTC());
    }

    /** As if the console was killed and started again: services closed, reopened, reconciled. */
    StoreService.ReconcileReport restart() throws Exception {
        app.close();
        // A killed process takes its threads with it; here a worker may still be inside a Helm
        // call (native, not interruptible). Let it end so the new console sees a quiet cluster.
        app.executor().awaitTermination(Duration.ofSeconds(60));
        connection.close();
        open();
        return app.stores().reconcile();
    }

    StoreService stores() {
        return app.stores();
    }

    Storefleet app() {
        return app;
    }

    GuardedAdapters adapters() {
        return adapters;
    }

    Object adaptersUnderTest() {
        return underTest;
    }

    Store create(String name, String owner) {
        return stores().create(new NewStoreRequest(name, owner, owner + "@example.com", null), "tester");
    }

    Store awaitStatus(long id, StoreStatus status, Duration timeout) {
        Store store = Eventually.until(() -> stores().get(id), s -> s.status() == status, timeout);
        if (store.status() != status) {
            throw new AssertionError("store " + store.name() + " is " + store.status() + ", not " + status
                    + " (last error: " + store.lastError() + ")");
        }
        return store;
    }

    void settle() throws InterruptedException {
        settle(Duration.ofSeconds(60));
    }

    void settle(Duration timeout) throws InterruptedException {
        if (!app.executor().awaitIdle(timeout)) {
            throw new AssertionError("background work did not finish within " + timeout);
        }
    }

    List<AuditEvent> auditNewestFirst() {
        return app.audit().page(AuditLog.AuditQuery.latest(1000));
    }

    @Override
    public void close() {
        try {
            if (app != null) {
                app.close();
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            api.close();
        }
    }
}
