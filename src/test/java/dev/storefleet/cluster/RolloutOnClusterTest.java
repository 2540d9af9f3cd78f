package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.port.AuditLog.AuditQuery;
import dev.storefleet.store.StoreApiClient;
import dev.storefleet.store.StoreApiTimeouts;
import dev.storefleet.testcluster.StandInWooCommerceStores;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet rollouts end to end on the test cluster, with the real Helm library and charts: 12
 * WooCommerce stores (verification through the WooCommerce stand-in each store's Secret points at),
 * one console shared by the tests, which run in order over the same stores (each test says what
 * revision the stores start at). The last one stops the console mid-wave and starts another over
 * the same database.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutOnClusterTest {
    private static final java.util.concurrent.atomic.AtomicInteger CHANGES = new java.util.concurrent.atomic.AtomicInteger();
    private static final EngineSettings SETTINGS = new EngineSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(30),
            "localhost", "traefik");
    private static final Duration GATE = Duration.ofSeconds(40);
    private static final Duration ROLLOUT_ENDS = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestKubernetesApi api;
    static StandInWooCommerceStores standIns;
    static RealClusterAdapters adapters;
    static Storefleet app;
    static List<Store> stores = new ArrayList<>();

    @BeforeAll
    static void fleet() throws Exception {
        api = new TestKubernetesApi();
        standIns = new StandInWooCommerceStores(api);
        adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS, SETTINGS.readyTimeout());
        app = startConsole();
        for (int i = 1; i <= 12; i++) {
            String owner = "owner" + (i - 1) / 3;
            app.stores().create(new NewStoreRequest("Shop " + i, owner, owner + "@example.com", "woocommerce"), "tester");
        }
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(120)), "the fleet was provisioned");
        stores = app.stores().list();
        for (Store s : stores) {
            assertEquals(StoreStatus.READY, s.status(), s.lastError());
        }
        for (Store s : stores) {
            Eventually.await("the stand-in of " + s.name() + " serves", () -> standIns.of(s.namespace()).isPresent());
        }
    }

    private static Storefleet startConsole() {
        Storefleet started = adapters.start(DatabaseTarget.h2(dir.resolve("data")), SETTINGS,
                new StoreApiClient(new Fabric8StoreNetwork(adapters.connection()), StoreApiTimeouts.DEFAULTS, Clock.systemUTC()));
        started.stores().reconcile();
        started.startWatching();
        return started;
    }

    @AfterAll
    static void close() {
        try {
            if (app != null) {
                app.close();
            }
            if (adapters != null) {
                adapters.connection().close();
            }
        } finally {
            if (standIns != null) {
                standIns.close();
            }
            if (api != null) {
                api.close();
            }
        }
    }

    /** A values change no store has yet (a new ingress annotation), so every store is behind the plan's target. */
    private static Map<String, Object> change() {
        return Map.of("ingress", Map.of("annotations", Map.of("storefleet.dev/rollout-test", "run-" + CHANGES.incrementAndGet())));
    }

    private static RolloutPlan plan(Map<String, Object> values, int canary, List<Integer> waves, int inFlight,
            boolean keepFailed) {
        return new RolloutPlan(List.of(), new RolloutPlan.Selector(StoreType.WOOCOMMERCE, false), values, null, canary, waves,
                inFlight, true, GATE, keepFailed);
    }

    /** A test that failed mid-rollout leaves it open; abort it so the next test's stores are free. */
    @AfterEach
    void abortWhatIsLeftOpen() {
        if (app == null) {
            return;
        }
        for (Rollout open : app.rollouts().list()) {
            if (open.finishedAt() == null) {
                if (open.status() == RolloutStatus.RUNNING || open.status() == RolloutStatus.PAUSED) {
                    app.rollouts().abort(open.id(), "test clean-up");
                }
                finished(open.id()); // a halted one settles by itself
            }
        }
    }

    private static Rollout finished(long id) {
        return Eventually.until(() -> app.rollouts().get(id), r -> r.finishedAt() != null, ROLLOUT_ENDS);
    }

    private static Map<Long, Integer> revisions() {
        Map<Long, Integer> now = new HashMap<>();
        app.stores().list().forEach(s -> now.put(s.id(), s.helmRevision()));
        return now;
    }

    private static List<RolloutEntry> entries(Rollout r) {
        return r.waves().stream().flatMap(w -> w.stores().stream()).toList();
    }

    private static List<AuditEvent> audited(ActionType action, String detailPart) {
        return app.audit().page(new AuditQuery(null, null, action, 0, 10_000)).stream()
                .filter(e -> e.detail() != null && e.detail().contains(detailPart)).toList();
    }

    @Test
    @Order(1)
    void aPlanThatBreaksTheRulesIsRefusedFieldByField() {
        RolloutPlan bad = new RolloutPlan(List.of(stores.get(0).id(), 999_999L), new RolloutPlan.Selector(null, false),
                Map.of(), "9.9.9", 2, List.of(50, 40), 0, true, Duration.ofSeconds(-1), false);
        ValidationException refused = assertThrows(ValidationException.class, () -> app.rollouts().start(bad, "ops"));
        Set<String> fields = refused.errors().stream().map(ValidationException.FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("selector", "waves", "maxInFlight", "gateTimeout"), fields, refused.getMessage());

        RolloutPlan byIds = new RolloutPlan(List.of(stores.get(0).id(), 999_999L), null, Map.of(), "9.9.9", 2,
                List.of(50, 40), 21, true, GATE, false);
        refused = assertThrows(ValidationException.class, () -> app.rollouts().start(byIds, "ops"));
        fields = refused.errors().stream().map(ValidationException.FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("stores", "canary", "waves", "maxInFlight", "chartVersion"), fields, refused.getMessage());
        assertTrue(refused.getMessage().contains("No store has id 999999"), refused.getMessage());
        assertTrue(app.rollouts().list().isEmpty(), "nothing recorded");
        assertEquals(2, audited(ActionType.ROLLOUT_STARTED, "rollout refused").size(), "each refusal audited");
    }

    /** The plan's waves: canary 1, then 25 % of the other 11 (rounded up: 3), then the 8 left. */
    @Test
    @Order(2)
    void twelveStoresPassCanaryThenWaves() {
        Map<Long, Integer> before = revisions();
        List<Integer> sizes = app.rollouts().preview(plan(change(), 1, List.of(25, 100), 4, false)).stream()
                .map(w -> w.stores().size()).toList();
        assertEquals(List.of(1, 3, 8), sizes);

        Map<String, Object> target = change();
        Rollout started = app.rollouts().start(plan(target, 1, List.of(25, 100), 4, false), "ops");
        assertEquals(RolloutStatus.RUNNING, started.status());
        Rollout done = finished(started.id());
        assertEquals(RolloutStatus.PASSED, done.status(), String.valueOf(done));
        dev.storefleet.domain.ValidationException again = assertThrows(dev.storefleet.domain.ValidationException.class,
                () -> app.rollouts().preview(plan(target, 1, List.of(25, 100), 4, false)));
        assertTrue(again.getMessage().contains("would change nothing"), "the same plan again finds every store at its target: "
                + again.getMessage());
        for (RolloutEntry e : entries(done)) {
            assertEquals(RolloutStoreStatus.PASSED, e.status(), e.storeName() + ": " + e.detail());
            assertEquals(before.get(e.storeId()), e.fromRevision());
            assertEquals(before.get(e.storeId()) + 1, e.toRevision(), "one new revision each");
            assertTrue(e.detail().contains("verified: order"), e.detail());
        }
        assertEquals(3, audited(ActionType.ROLLOUT_WAVE_PASSED, "rollout " + started.id() + ":").size());
        assertEquals(12, audited(ActionType.ROLLOUT_STORE_UPGRADED, "rollout " + started.id() + ":").size());
        assertEquals(1, audited(ActionType.ROLLOUT_FINISHED, "rollout " + started.id() + " passed").size());
        assertEquals(1, app.metrics().rollouts().passed());
    }

    @Test
    @Order(3)
    void aCanaryThatFailsVerificationHaltsAndIsRolledBackTheOthersUntouched() {
        Map<Long, Integer> before = revisions();
        Store canary = stores.get(0);
        standIns.of(canary.namespace()).orElseThrow().faults().failNext("POST", "/orders$", 500, 1000);
        try {
            Rollout started = app.rollouts().start(plan(change(), 1, List.of(25, 100), 4, false), "ops");
            assertEquals(canary.id(), started.waves().get(0).stores().get(0).storeId(), "the first store is the canary");
            Rollout done = finished(started.id());
            assertEquals(RolloutStatus.HALTED, done.status());
            assertTrue(done.reason().startsWith("Store 'Shop 1' failed verification in the canary wave: "), done.reason());
            RolloutEntry c = done.waves().get(0).stores().get(0);
            assertEquals(RolloutStoreStatus.ROLLED_BACK, c.status(), c.detail());
            Store back = app.stores().get(canary.id());
            assertEquals(StoreStatus.READY, back.status());
            assertEquals(before.get(canary.id()) + 2, back.helmRevision(), "upgraded once, then rolled back as a new revision");
            for (RolloutEntry e : entries(done).subList(1, 12)) {
                assertEquals(RolloutStoreStatus.SKIPPED, e.status(), e.storeName());
                assertEquals("not started: the rollout halted", e.detail());
            }
            Map<Long, Integer> after = revisions();
            for (Store s : stores.subList(1, 12)) {
                assertEquals(before.get(s.id()), after.get(s.id()), s.name() + " untouched");
            }
            assertEquals(1, audited(ActionType.ROLLOUT_STORE_ROLLED_BACK, "rollout " + started.id() + ":").size());
            assertEquals(1, audited(ActionType.ROLLOUT_HALTED, "rollout " + started.id() + ":").size());
        } finally {
            standIns.of(canary.namespace()).orElseThrow().faults().reset();
        }
    }

    /** An upgrade whose setup Job (a post-upgrade hook) fails for one store of wave 2. */
    @Test
    @Order(4)
    void aStoreWhoseUpgradeFailsInWaveTwoRollsThatWaveBackAndKeepsWaveOne() {
        Map<Long, Integer> before = revisions();
        Store refused = stores.get(11);
        var fault = api.jobFails("^" + refused.releaseName() + "-", List.of("Error: WooCommerce setup failed: database is read-only"));
        // lifted once the store failed, so that its rollback (which runs the hook again) can pass
        Runnable unsubscribe = app.rollouts().subscribe(r -> entries(r).stream()
                .filter(e -> e.storeId() == refused.id() && e.status() == RolloutStoreStatus.FAILED)
                .findFirst().ifPresent(e -> fault.lift()));
        try {
            Rollout started = app.rollouts().start(plan(Map.of("wordpress", Map.of("resources", Map.of("requests", Map.of("cpu", "150m")))), 1,
                    List.of(25, 100), 4, false), "ops");
            Rollout done = finished(started.id());
            assertEquals(RolloutStatus.HALTED, done.status());
            assertTrue(done.reason().startsWith("Store 'Shop 12' failed its upgrade in wave 2: "), done.reason());
            Map<Long, Integer> after = revisions();
            for (int w = 0; w < 2; w++) {
                for (RolloutEntry e : done.waves().get(w).stores()) {
                    assertEquals(RolloutStoreStatus.PASSED, e.status(), e.storeName() + " kept: " + e.detail());
                    assertEquals(before.get(e.storeId()) + 1, after.get(e.storeId()));
                }
            }
            for (RolloutEntry e : done.waves().get(2).stores()) {
                assertTrue(Set.of(RolloutStoreStatus.ROLLED_BACK, RolloutStoreStatus.SKIPPED).contains(e.status()),
                        e.storeName() + ": " + e.status() + " " + e.detail());
                Store s = app.stores().get(e.storeId());
                assertEquals(StoreStatus.READY, s.status(), s.name() + ": " + s.lastError());
                if (e.status() == RolloutStoreStatus.SKIPPED) {
                    assertEquals(before.get(e.storeId()), after.get(e.storeId()), s.name() + " never started");
                } else {
                    assertTrue(after.get(e.storeId()) > before.get(e.storeId()), s.name() + " rolled back as a new revision");
                }
            }
            RolloutEntry failed = done.waves().get(2).stores().stream().filter(e -> e.storeId() == refused.id())
                    .findFirst().orElseThrow();
            assertEquals(RolloutStoreStatus.ROLLED_BACK, failed.status(), failed.detail());
        } finally {
            unsubscribe.run();
            fault.lift();
        }
    }

    @Test
    @Order(5)
    void guardrailsOneRolloutPerStoreAndNoManualUpgradeWhileIn() throws Exception {
        Rollout first = app.rollouts().start(plan(change(), 0, List.of(100), 1, false), "ops");
        app.rollouts().pause(first.id(), "ops");
        ConflictException twice = assertThrows(ConflictException.class,
                () -> app.rollouts().start(plan(change(), 0, List.of(100), 1, false), "ops"));
        assertTrue(twice.getMessage().contains("is already in rollout " + first.id() + " (paused)"), twice.getMessage());
        long pendingStore = Eventually.until(() -> app.rollouts().get(first.id()), r -> entries(r).stream()
                .noneMatch(e -> e.status().inFlight())).waves().get(0).stores().get(11).storeId();
        ConflictException manual = assertThrows(ConflictException.class,
                () -> app.stores().upgrade(pendingStore, Map.of(), "alice"));
        assertTrue(manual.getMessage().matches("Store 'Shop \\d+' is in rollout " + first.id()
                + " \\(paused, wave 1 of 1\\); pause or abort it first\\."), manual.getMessage());
        assertEquals(StoreStatus.READY, app.stores().get(pendingStore).status(), "not upgraded");

        Rollout aborted = app.rollouts().abort(first.id(), "ops");
        assertEquals(RolloutStatus.ABORTED, aborted.status());
        Rollout settled = finished(first.id());
        long passed = entries(settled).stream().filter(e -> e.status() == RolloutStoreStatus.PASSED).count();
        long skipped = entries(settled).stream().filter(e -> e.status() == RolloutStoreStatus.SKIPPED).count();
        assertEquals(12, passed + skipped, String.valueOf(settled));
        assertTrue(skipped >= 10, "paused at once: at most the store in flight then went on (" + passed + " passed)");
        assertTrue(settled.reason().startsWith("aborted by ops"), settled.reason());
        app.stores().upgrade(pendingStore, Map.of(), "alice"); // the rollout is over: the store is the operator's again
        Eventually.await("the manual upgrade ended", () -> app.stores().get(pendingStore).status() == StoreStatus.READY);
    }

    @Test
    @Order(6)
    void pausedRolloutStartsNothingUntilResumed() throws Exception {
        Rollout r = app.rollouts().start(plan(change(), 0, List.of(50, 100), 2, false), "ops");
        Rollout paused = app.rollouts().pause(r.id(), "ops");
        assertEquals(RolloutStatus.PAUSED, paused.status());
        // What was decided when the pause committed is all that may ever be: a driver task that read
        // "running" just before must not start its store after (a race this test once caught).
        List<Long> started = decided(app.rollouts().get(r.id()));
        assertTrue(started.size() <= 2, "at most the two in flight went on: " + started);
        Eventually.until(() -> app.rollouts().get(r.id()), x -> entries(x).stream().noneMatch(e -> e.status().inFlight()));
        Thread.sleep(300); // nothing to wait for: the point is that nothing happens meanwhile
        assertEquals(started, decided(app.rollouts().get(r.id())), "nothing started while paused");
        app.rollouts().resume(r.id(), "ops");
        Rollout done = finished(r.id());
        assertEquals(RolloutStatus.PASSED, done.status(), String.valueOf(done));
        assertEquals(1, audited(ActionType.ROLLOUT_PAUSED, "rollout " + r.id() + ":").size());
        assertEquals(1, audited(ActionType.ROLLOUT_RESUMED, "rollout " + r.id() + ":").size());
    }

    private static List<Long> decided(Rollout r) {
        return entries(r).stream().filter(e -> e.status() != RolloutStoreStatus.PENDING).map(RolloutEntry::storeId).sorted()
                .toList();
    }

    /** Stopped while wave 1's stores are in flight, started again over the same database: no store upgraded twice. */
    @Test
    @Order(7)
    void aConsoleStoppedMidWaveResumesOnRestartAndUpgradesNoStoreTwice() throws Exception {
        api.readyAfter(Duration.ofMillis(1500));
        Map<Long, Integer> before = revisions();
        Rollout r = app.rollouts().start(plan(change(), 0, List.of(100), 3, false), "ops");
        Eventually.until(() -> app.rollouts().get(r.id()), x -> entries(x).stream()
                .filter(e -> e.status().inFlight()).count() >= 2);
        app.close();
        api.readyAfter(Duration.ZERO);
        Rollout cut = null;
        app = startConsole();
        cut = app.rollouts().get(r.id());
        Rollout done = finished(r.id());
        assertEquals(RolloutStatus.PASSED, done.status(), cut + " -> " + done);
        Map<Long, Integer> after = revisions();
        for (RolloutEntry e : entries(done)) {
            assertEquals(RolloutStoreStatus.PASSED, e.status(), e.storeName() + ": " + e.detail());
            assertEquals(before.get(e.storeId()) + 1, after.get(e.storeId()), e.storeName() + " upgraded exactly once");
            long asked = app.audit().page(new AuditQuery(e.storeId(), null, ActionType.UPGRADE, 0, 1000)).stream()
                    .filter(a -> a.detail().startsWith("rollout " + r.id() + ":")).count();
            assertEquals(1, asked, e.storeName() + ": one upgrade request");
        }
    }
}
