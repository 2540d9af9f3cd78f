package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreHealth.State;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.testcluster.PodFault;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live health after READY, end to end: the real services on a real H2 file, the real Helm rendering
 * the WooCommerce chart, and the fleet watch's fabric8 informers following the test cluster over
 * HTTP while its kubelet breaks and heals pods, its watches break and it goes down.
 */
@Timeout(180)
class FleetHealthWatchTest {
    /** The promise for a pod turning bad; the watch itself takes ~0.1 s plus the kubelet's tick. */
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private EngineFixture fx;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fx = new EngineFixture(dir);
        fx.app().startWatching();
        fx.app().events().subscribe(new StoreEvents.Listener() {
            @Override
            public void healthChanged(long storeId, StoreHealth health) {
                seen.add(storeId + " " + (health == null ? "none" : health.describe()));
            }
        });
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Store ready(String name) throws Exception {
        Store store = fx.create(name, "alice");
        return fx.awaitStatus(store.id(), StoreStatus.READY, Duration.ofSeconds(60));
    }

    private StoreHealth awaitHealth(long id, Predicate<StoreHealth> wanted, Duration within) {
        StoreHealth health = Eventually.until(() -> fx.app().health().of(id).orElse(null),
                h -> h != null && wanted.test(h), within);
        if (health == null || !wanted.test(health)) {
            throw new AssertionError("store " + id + " health is " + health + " after " + within + "; seen: " + seen);
        }
        return health;
    }

    private static Predicate<StoreHealth> is(State state) {
        return h -> h.state() == state;
    }

    private List<AuditEvent> healthAudits(long storeId) {
        return fx.auditNewestFirst().stream()
                .filter(e -> e.action() == ActionType.HEALTH_CHANGED && Long.valueOf(storeId).equals(e.storeId()))
                .toList();
    }

    /** Longer than the audit's settle time, so an audit row that was going to be written has been. */
    private static void pastTheSettleTime() throws InterruptedException {
        Thread.sleep(dev.storefleet.service.FleetHealth.AUDIT_SETTLE.toMillis() + 700);
    }

    @Test
    void aCrashLoopingDatabaseMakesAReadyStoreDegradedWithinSecondsAndHealthyAgainAfterItRecovers() throws Exception {
        Store store = ready("Live Shop");
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);
        assertTrue(healthAudits(store.id()).isEmpty(), "a store that became READY healthy is not a change");

        long broke = System.nanoTime();
        PodFault crash = fx.api.crashLoop("-db-0$", "mariadb", List.of("[ERROR] InnoDB: corrupted page"));
        StoreHealth degraded = awaitHealth(store.id(), is(State.DEGRADED), PROMPT);
        long tookMs = (System.nanoTime() - broke) / 1_000_000;
        String reason = degraded.reason();
        assertTrue(reason.contains("statefulset store-live-shop-woocommerce-db"), reason);
        assertTrue(reason.contains("pod store-live-shop-woocommerce-db-0"), reason);
        assertTrue(reason.contains("container mariadb"), reason);
        assertTrue(reason.contains("CrashLoopBackOff") || reason.contains("Error"), reason);

        // The restarts go on (one every 300 ms here): many pod events, one state.
        Thread.sleep(1500);
        StoreHealth later = awaitHealth(store.id(), is(State.DEGRADED), PROMPT);
        assertEquals(degraded.since(), later.since(), "the same state keeps its start");
        pastTheSettleTime();
        List<AuditEvent> audits = healthAudits(store.id());
        assertEquals(1, audits.size(), "one audit row for the change, not one per pod event: " + audits);
        assertTrue(audits.get(0).detail().startsWith("degraded (was healthy): statefulset"), audits.get(0).detail());
        assertEquals(Outcome.FAILURE, audits.get(0).outcome());

        crash.lift();
        awaitHealth(store.id(), is(State.HEALTHY), Duration.ofSeconds(15));
        pastTheSettleTime();
        audits = healthAudits(store.id());
        assertEquals(2, audits.size(), audits.toString());
        assertEquals("healthy (was degraded)", audits.get(0).detail());
        System.out.printf("crash loop -> degraded in %d ms%n", tookMs);
    }

    @Test
    void aNamespaceDeletedBehindTheConsolesBackIsDriftAuditedOnceAndReprovisionedBack() throws Exception {
        Store store = ready("Drift Shop");
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);
        assertThrows(InvalidStateException.class, () -> fx.stores().reprovision(store.id(), "alice"),
                "a store the cluster has is upgraded, not re-provisioned");

        fx.api.client().namespaces().withName(store.namespace()).delete();
        StoreHealth gone = awaitHealth(store.id(), is(State.GONE), PROMPT);
        assertTrue(gone.reason().contains("namespace " + store.namespace() + " is no longer on the cluster"),
                gone.reason());
        assertTrue(gone.isDrift());
        assertEquals(StoreStatus.READY, fx.stores().get(store.id()).status(), "health is an observation, not a status");
        pastTheSettleTime();
        List<AuditEvent> audits = healthAudits(store.id());
        assertEquals(1, audits.size(), "drift audited exactly once: " + audits);
        assertTrue(audits.get(0).detail().startsWith("gone (was healthy): namespace " + store.namespace()),
                audits.get(0).detail());

        Store again = fx.stores().reprovision(store.id(), "alice");
        assertEquals(StoreStatus.PROVISIONING, again.status());
        assertTrue(fx.app().health().of(store.id()).isEmpty(), "no health while it is provisioned");
        fx.awaitStatus(store.id(), StoreStatus.READY, Duration.ofSeconds(60));
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);
        assertTrue(fx.api.client().namespaces().withName(store.namespace()).get() != null, "the namespace is back");
        pastTheSettleTime();
        assertEquals("healthy (was gone)", healthAudits(store.id()).get(0).detail());
        assertTrue(fx.auditNewestFirst().stream().anyMatch(e -> e.action() == ActionType.REPROVISION
                && e.outcome() == Outcome.SUCCESS), "the re-provision is audited");
    }

    @Test
    void aReleaseUninstalledOutsideTheConsoleIsGoneToo() throws Exception {
        Store store = ready("Uninstalled Shop");
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);
        var k = fx.api.client();
        k.apps().deployments().inNamespace(store.namespace()).delete();
        k.apps().statefulSets().inNamespace(store.namespace()).delete();
        StoreHealth gone = awaitHealth(store.id(), is(State.GONE), PROMPT);
        assertTrue(gone.reason().contains("release " + store.releaseName() + " has no workloads left"), gone.reason());
    }

    @Test
    void whenTheWatchBreaksItCatchesUpAndAnUnreachableClusterIsUnknownNeverHealthy() throws Exception {
        Store store = ready("Watched Shop");
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);

        fx.api.breakWatches();
        PodFault crash = fx.api.crashLoop("-db-0$", "mariadb", List.of("boom")); // while it reconnects
        awaitHealth(store.id(), is(State.DEGRADED), PROMPT);
        crash.lift();
        awaitHealth(store.id(), is(State.HEALTHY), Duration.ofSeconds(15));

        fx.api.expireResourceVersions().breakWatches(); // 410 Gone: the informers list again
        fx.api.client().namespaces().withName(store.namespace()).delete();
        awaitHealth(store.id(), is(State.GONE), Duration.ofSeconds(10));
        // Bring it back, then take the whole API server away.
        fx.stores().reprovision(store.id(), "alice");
        fx.awaitStatus(store.id(), StoreStatus.READY, Duration.ofSeconds(60));
        awaitHealth(store.id(), is(State.HEALTHY), PROMPT);

        fx.api.down(true);
        try {
            StoreHealth unknown = awaitHealth(store.id(), is(State.UNKNOWN), Duration.ofSeconds(10));
            assertTrue(unknown.reason().contains("health is unknown until the cluster answers again"),
                    unknown.reason());
            assertTrue(!fx.app().health().watchStatus().watching());
            Thread.sleep(1500);
            assertEquals(State.UNKNOWN, fx.app().health().of(store.id()).orElseThrow().state(),
                    "still unknown while the cluster is away, never healthy");
        } finally {
            fx.api.down(false);
        }
        awaitHealth(store.id(), is(State.HEALTHY), Duration.ofSeconds(20));
        assertTrue(fx.app().health().watchStatus().words().startsWith("watching again"),
                fx.app().health().watchStatus().words());
        pastTheSettleTime();
        assertTrue(healthAudits(store.id()).stream().noneMatch(e -> e.detail().startsWith("unknown")),
                "passing through unknown is not audited: " + healthAudits(store.id()));
    }

    @Test
    void aRestartDoesNotAuditAgainWhatWasAuditedBefore() throws Exception {
        Store store = ready("Restart Shop");
        PodFault crash = fx.api.crashLoop("-db-0$", "mariadb", List.of("boom"));
        awaitHealth(store.id(), is(State.DEGRADED), PROMPT);
        pastTheSettleTime();
        assertEquals(1, healthAudits(store.id()).size());

        fx.restart();
        fx.app().startWatching();
        awaitHealth(store.id(), is(State.DEGRADED), Duration.ofSeconds(10));
        pastTheSettleTime();
        assertEquals(1, healthAudits(store.id()).size(), "still degraded is not a change: " + healthAudits(store.id()));
        crash.lift();
        awaitHealth(store.id(), is(State.HEALTHY), Duration.ofSeconds(15));
        pastTheSettleTime();
        assertNotEquals(1, healthAudits(store.id()).size());
    }
}
