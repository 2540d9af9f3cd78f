package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreHealth.State;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FleetHealth's own rules over the real services and H2 file, the watch scripted at its port. */
class FleetHealthTest {
    @TempDir
    Path dir;
    private final FakeCluster cluster = new FakeCluster();
    private final ScriptedFleetWatch watch = new ScriptedFleetWatch();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private Storefleet app;
    private Store store;

    @BeforeEach
    void start() throws Exception {
        app = Storefleet.start(dir, cluster, cluster, null, cluster, Storefleet.NO_POD_ACCESS, Storefleet.NO_STORE_API, watch,
                EngineSettings.DEFAULTS, Clock.systemUTC());
        app.events().subscribe(new StoreEvents.Listener() {
            @Override
            public void healthChanged(long storeId, StoreHealth health) {
                heard.add(health == null ? "none" : health.state().code());
            }
        });
        Store created = app.stores().create(new dev.storefleet.domain.NewStoreRequest("Health Shop", "alice", null,
                null), "alice");
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(30)));
        store = app.stores().get(created.id());
        assertEquals(StoreStatus.READY, store.status());
        app.startWatching();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private State state() {
        return app.health().of(store.id()).orElseThrow().state();
    }

    private List<AuditEvent> healthAudits() {
        return app.audit().page(new AuditLog.AuditQuery(store.id(), null, ActionType.HEALTH_CHANGED, 0, 100));
    }

    private static void pastTheSettleTime() throws InterruptedException {
        Thread.sleep(FleetHealth.AUDIT_SETTLE.toMillis() + 500);
    }

    @Test
    void beforeTheWatchHasListedAReadyStoreIsUnknownNotHealthy() {
        assertEquals(State.UNKNOWN, state());
        watch.lost("cannot list the fleet (connection refused)");
        assertEquals("cannot list the fleet (connection refused)", app.health().of(store.id()).orElseThrow().reason());
    }

    @Test
    void aFlapShorterThanTheSettleTimeIsShownButNotAudited() throws Exception {
        watch.healthy(store.namespace(), store.releaseName()).watching();
        assertEquals(State.HEALTHY, state());
        watch.degraded(store.namespace(), store.releaseName(), "deployment web: pod web-1 Running (not ready)");
        assertEquals(State.DEGRADED, state());
        Thread.sleep(300);
        watch.healthy(store.namespace(), store.releaseName());
        pastTheSettleTime();
        assertEquals(List.of(), healthAudits());
        assertEquals(List.of("unknown", "healthy", "degraded", "healthy"), heard);
    }

    @Test
    void passingThroughUnknownIsNotAChange() throws Exception {
        watch.degraded(store.namespace(), store.releaseName(), "statefulset db: 0/1 ready").watching();
        pastTheSettleTime();
        assertEquals(1, healthAudits().size());

        watch.lost("the watch broke");
        assertEquals(State.UNKNOWN, state());
        pastTheSettleTime();
        watch.watching();
        assertEquals(State.DEGRADED, state());
        pastTheSettleTime();
        assertEquals(1, healthAudits().size(), "degraded, unknown, degraded again: one change");
        assertEquals(Outcome.FAILURE, healthAudits().get(0).outcome());
    }

    @Test
    void theReasonNamesTheFirstThreeProblemsAndCountsTheRest() {
        watch.degraded(store.namespace(), store.releaseName(), "a", "b", "c", "d", "e").watching();
        assertEquals("a; b; c; and 2 more", app.health().of(store.id()).orElseThrow().reason());
        assertEquals(1L, app.health().counts().get(State.DEGRADED));
        assertEquals(Map.of(State.HEALTHY, 0L, State.DEGRADED, 1L, State.GONE, 0L, State.UNKNOWN, 0L),
                app.health().counts());
    }

    @Test
    void reprovisionIsTheWayOutOfDriftOnlyAndARefusalIsAudited() throws Exception {
        watch.healthy(store.namespace(), store.releaseName()).watching();
        InvalidStateException refused = assertThrows(InvalidStateException.class,
                () -> app.stores().reprovision(store.id(), "alice"));
        assertTrue(refused.getMessage().contains("is healthy on the cluster, not gone"), refused.getMessage());
        assertTrue(app.audit().page(new AuditLog.AuditQuery(store.id(), null, ActionType.REPROVISION, 0, 10)).stream()
                .anyMatch(e -> e.outcome() == Outcome.REJECTED));

        watch.removed(store.namespace());
        assertEquals(State.GONE, state());
        Store again = app.stores().reprovision(store.id(), "alice");
        assertEquals(StoreStatus.PROVISIONING, again.status());
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(30)));
        assertTrue(cluster.calls().stream().filter(c -> c.startsWith("ENSURE_NAMESPACE")).count() >= 2,
                "provisioning ran again: " + cluster.calls());
        assertEquals(StoreStatus.READY, app.stores().get(store.id()).status());
        assertEquals(State.GONE, state(), "the namespace is not back until the watch sees it");
        watch.healthy(store.namespace(), store.releaseName());
        assertEquals(State.HEALTHY, state());
    }

    @Test
    void aStoreThatLeavesReadyHasNoHealthUntilItIsReadyAgain() throws Exception {
        watch.healthy(store.namespace(), store.releaseName()).watching();
        cluster.slowDown(Duration.ofMillis(500));
        app.stores().upgrade(store.id(), Map.of(), "alice");
        assertTrue(app.health().of(store.id()).isEmpty(), "no health while it is upgraded");
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(30)));
        assertEquals(State.HEALTHY, state());
        assertTrue(heard.contains("none"), heard.toString());
    }
}
