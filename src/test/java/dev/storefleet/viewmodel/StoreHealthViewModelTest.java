package dev.storefleet.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.RunningConsole;
import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth.State;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.testcluster.PodFault;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.cluster.ClusterViewModel;
import dev.storefleet.viewmodel.metrics.MetricsViewModel;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's view of health without a toolkit: the real services and the real fleet watch
 * (fabric8 informers) on the test Kubernetes API, a background pool for the services and one
 * thread of the test's own as the UI thread, every property read on it. Rows follow the watch,
 * the health filter combines with the others, re-provision acts on the store that was selected
 * when it was pressed, and the metrics and the header follow.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreHealthViewModelTest {
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(30), Duration.ofSeconds(15),
            "stores.test", "traefik");
    /** How long the watch may take to see what the cluster did. */
    static final Duration SEEN = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static RunningConsole console;
    static TestKubernetesApi api;
    static ClusterConnection connection;
    static Storefleet app;
    static Store calm;
    static Store broken;

    private ExecutorService background;
    private ExecutorService fxThread;
    private StoreTableViewModel table;
    private MetricsViewModel metrics;
    private ClusterViewModel cluster;

    @BeforeAll
    static void watchedConsoleWithAHealthyAndAFailedStore() throws Exception {
        console = new RunningConsole(dir, SETTINGS);
        api = console.api;
        connection = console.connection;
        app = console.app;
        app.startWatching();
        calm = settled(create("Calm Shop", "ann"), StoreStatus.READY);
        api.failNext("POST", "/deployments$", 500, 1);
        broken = settled(create("Broken Shop", "bea"), StoreStatus.FAILED);
    }

    private static Store create(String name, String owner) {
        return app.stores().create(new NewStoreRequest(name, owner, null, null), "tester");
    }

    private static Store settled(Store store, StoreStatus expected) throws InterruptedException {
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(90)));
        Store now = app.stores().get(store.id());
        assertEquals(expected, now.status(), now.lastError());
        return now;
    }

    @AfterAll
    static void close() {
        console.close();
    }

    @BeforeEach
    void viewModels() throws Exception {
        background = Executors.newCachedThreadPool(r -> new Thread(r, "test-background"));
        fxThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
        UiExecutors executors = new UiExecutors(background, fxThread::execute);
        table = onFx(() -> new StoreTableViewModel(app.stores(), app.orders(), app.inspection(), app.health(), app.events(),
                executors, "ops"));
        metrics = onFx(() -> new MetricsViewModel(app.metrics(), app.stores(), app.health(), app.events(), executors));
        cluster = onFx(() -> new ClusterViewModel(connection, app.health(), app.events(), executors));
        onFx(table::load).get(10, TimeUnit.SECONDS);
        onFx(cluster::load).get(10, TimeUnit.SECONDS);
        awaitOnFx("the calm store judged healthy", () -> state(calm) == State.HEALTHY);
    }

    @AfterEach
    void dispose() throws Exception {
        onFx(() -> {
            metrics.dispose();
            return null;
        });
        api.reset();
        for (ExecutorService pool : List.of(background, fxThread)) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void rowsFollowTheWatchAndTheHealthFilterCombinesWithTheOthers() throws Exception {
        Store crash = settled(create("Crash Shop", "cid"), StoreStatus.READY);
        awaitOnFx("the new store judged healthy", () -> state(crash) == State.HEALTHY);
        assertNull(onFx(() -> row(broken).health()), "a failed store has no health");
        assertEquals(StoreRow.NO_HEALTH, onFx(() -> row(broken).healthTextProperty().get()));
        assertEquals("", onFx(() -> row(broken).healthCodeProperty().get()));
        assertEquals("healthy", onFx(() -> row(calm).healthTextProperty().get()));

        PodFault fault = api.crashLoop("^store-crash-shop-.*-db-0$", "mariadb", List.of("boom"));
        awaitOnFx("the crash-looping store degraded", () -> state(crash) == State.DEGRADED);
        String reason = onFx(() -> row(crash).healthReasonProperty().get());
        assertTrue(reason.startsWith("statefulset store-crash-shop-woocommerce-db: pod"
                + " store-crash-shop-woocommerce-db-0, container mariadb: "), reason);
        assertEquals("degraded — " + reason, onFx(() -> row(crash).healthTextProperty().get()));
        assertEquals("degraded", onFx(() -> row(crash).healthCodeProperty().get()));
        assertEquals(State.HEALTHY, onFx(() -> state(calm)), "one store's fault is not another's");

        assertEquals(List.of("Crash Shop"), visibleWith(State.DEGRADED, null, ""));
        assertEquals(List.of("Calm Shop"), visibleWith(State.HEALTHY, null, ""));
        assertEquals(List.of(), visibleWith(State.GONE, null, ""));
        assertEquals(List.of(), visibleWith(State.HEALTHY, null, "crash"), "with the search");
        assertEquals(List.of("Crash Shop"), visibleWith(State.DEGRADED, StoreStatus.READY, "shop"));
        assertEquals(List.of(), visibleWith(State.HEALTHY, StoreStatus.FAILED, ""), "a failed store has no health");
        assertEquals(List.of("Broken Shop", "Calm Shop", "Crash Shop"), visibleWith(null, null, ""),
                "all health: stores without one too");

        assertEquals(List.of("Crash Shop"), visibleWith(State.DEGRADED, null, ""));
        fault.lift();
        awaitOnFx("the healed store to leave the degraded filter", () -> table.rows().isEmpty());
        assertEquals("No store matches the search or filter.", onFx(() -> table.emptyTextProperty().get()));
        assertEquals(List.of("Calm Shop", "Crash Shop"), visibleWith(State.HEALTHY, null, ""));
        deleteAndWait(crash);
    }

    @Test
    void reprovisionIsOfferedForDriftOnlyAndActsOnTheStoreSelectedWhenPressed() throws Exception {
        Store lost = settled(create("Lost Shop", "dan"), StoreStatus.READY);
        awaitOnFx("the new store judged healthy", () -> state(lost) == State.HEALTHY);
        select(lost);
        assertFalse(onFx(() -> table.driftSelected().get()), "healthy: nothing to get out of");
        assertFalse(onFx(() -> table.reprovisionCommand().executableProperty().get()));

        api.client().namespaces().withName(lost.namespace()).delete();
        awaitOnFx("the store gone", () -> state(lost) == State.GONE);
        assertTrue(onFx(() -> row(lost).healthTextProperty().get()).startsWith("gone — namespace store-lost-shop"),
                onFx(() -> row(lost).healthTextProperty().get()));
        assertTrue(onFx(() -> table.driftSelected().get()), "selected and gone: drift");
        assertTrue(onFx(() -> table.reprovisionCommand().executableProperty().get()));
        assertTrue(onFx(() -> table.deleteCommand().executableProperty().get()), "removing it is the other way out");
        assertEquals(List.of("Lost Shop"), visibleWith(State.GONE, null, ""));
        onFx(() -> {
            table.healthFilterProperty().set(null);
            return null;
        });
        awaitOnFx("the metrics to count one gone store", () -> metrics.goneStoresProperty().get() == 1);
        assertEquals(0, onFx(() -> metrics.degradedStoresProperty().get()));

        select(calm);
        assertFalse(onFx(() -> table.driftSelected().get()), "another store selected");
        assertFalse(onFx(() -> table.reprovisionCommand().executableProperty().get()));

        select(lost);
        var pressed = onFx(() -> {
            var run = table.reprovisionCommand().execute();
            table.selectedProperty().set(row(calm)); // the operator moves on at once
            return run;
        });
        pressed.get(20, TimeUnit.SECONDS);
        assertEquals("", onFx(() -> table.errorProperty().get()));
        assertEquals("Re-provisioning 'Lost Shop'…", onFx(() -> table.noticeProperty().get()));
        settled(lost, StoreStatus.READY);
        awaitOnFx("the re-provisioned store healthy again", () -> state(lost) == State.HEALTHY);
        assertEquals(StoreStatus.READY, app.stores().get(calm.id()).status());
        assertEquals(0, app.audit().count(new AuditLog.AuditQuery(calm.id(), null, ActionType.REPROVISION, 0, 10)),
                "the store selected afterwards was not touched");
        assertEquals(1, app.audit().count(new AuditLog.AuditQuery(lost.id(), null, ActionType.REPROVISION, 0, 10)));
        awaitOnFx("the metrics to count no gone store", () -> metrics.goneStoresProperty().get() == 0);
        deleteAndWait(lost);
    }

    @Test
    void theHeaderShowsTheFleetWatchsWordsOnlyWhileItDoesNotSeeTheCluster() throws Exception {
        awaitOnFx("the watch seen watching", () -> cluster.fleetWatchProblemProperty().get().isEmpty());
        api.down(true);
        awaitOnFx("the watch said lost", () -> cluster.fleetWatchProblemProperty().get()
                .startsWith("The watch broke and has not resumed"));
        awaitOnFx("the healthy store unknown meanwhile", () -> state(calm) == State.UNKNOWN);
        api.down(false);
        awaitOnFx("the watch seen watching again", () -> cluster.fleetWatchProblemProperty().get().isEmpty());
        awaitOnFx("the store healthy again", () -> state(calm) == State.HEALTHY);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The names the table shows with these filters, sorted. */
    private List<String> visibleWith(State health, StoreStatus status, String search) throws Exception {
        return onFx(() -> {
            table.healthFilterProperty().set(health);
            table.statusFilterProperty().set(status);
            table.searchProperty().set(search);
            return table.rows().stream().map(r -> r.store().name()).sorted().toList();
        });
    }

    private void deleteAndWait(Store store) throws Exception {
        onFx(() -> {
            table.healthFilterProperty().set(null);
            table.statusFilterProperty().set(null);
            table.searchProperty().set("");
            return null;
        });
        app.stores().delete(store.id(), "cleanup");
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(60)));
    }

    /** The row's health state (null: none); on the UI thread. */
    private State state(Store store) {
        StoreRow row = row(store);
        return row == null || row.health() == null ? null : row.health().state();
    }

    /** The store's row among those shown; null when it is not shown. */
    private StoreRow row(Store store) {
        return table.rows().stream().filter(r -> r.id() == store.id()).findFirst().orElse(null);
    }

    private void select(Store store) throws Exception {
        onFx(() -> {
            table.selectedProperty().set(row(store));
            return null;
        });
    }

    private <T> T onFx(Callable<T> read) throws Exception {
        return fxThread.submit(read).get(10, TimeUnit.SECONDS);
    }

    private void awaitOnFx(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, SEEN, () -> onFx(condition));
    }
}
