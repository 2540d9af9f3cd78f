package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.service.FakeCluster.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters equal what the audit history says, and survive a restart. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void metricsFollowAScriptedSequenceAndSurviveRestart() {
        StoreMetrics before;
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            Store a = fx.create("A", "alice");
            Store b = fx.create("B", "alice");
            fx.settle();
            fx.cluster().failNext(Step.INSTALL, 1);
            Store c = fx.create("C", "bob");           // fails
            fx.settle();
            fx.stores().retry(c.id(), "ops");          // retry -> ready
            fx.settle();
            fx.stores().upgrade(a.id(), Map.of(), "ops");
            fx.settle();
            fx.cluster().failNext(Step.INSTALL, 1);
            fx.stores().upgrade(b.id(), Map.of(), "ops"); // fails
            fx.settle();
            fx.stores().rollback(b.id(), 1, "ops");
            fx.settle();
            fx.stores().delete(a.id(), "ops");
            fx.settle();
            assertThrows(RuntimeException.class, () -> fx.create("B", "carol")); // rejected: not counted

            before = fx.app().metrics().snapshot();
            assertEquals(2, before.activeStores(), "A, B, C created; A deleted");
            assertEquals(4, before.provisioningCount(), "A, B, C, and C's retry");
            assertEquals(2, before.failureCount(), "C's provisioning and B's upgrade");
            assertEquals(2, before.upgradeCount());
            assertEquals(1, before.rollbackCount());
            assertEquals(1, before.retryCount());
            assertEquals(3, before.timeToReady().count(), "A, B, and C after retry");
            assertTrue(before.timeToReady().maxMs() >= before.timeToReady().medianMs());

            // The same figures, counted by hand from the audit rows.
            List<AuditEvent> rows = fx.auditNewestFirst();
            assertEquals(count(rows, ActionType.PROVISION_STARTED, Outcome.SUCCESS), before.provisioningCount());
            assertEquals(count(rows, ActionType.CREATE, Outcome.SUCCESS) - count(rows, ActionType.DELETED, null),
                    before.activeStores());
            assertEquals(fx.stores().list().size(), before.activeStores());
            assertEquals(1, count(rows, ActionType.CREATE, Outcome.REJECTED));
        }
        try (ServiceFixture reopened = new ServiceFixture(dir)) {
            assertEquals(before, reopened.app().metrics().snapshot());
        }
    }

    @Test
    void emptyLogGivesZeroes() {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            StoreMetrics m = fx.app().metrics().snapshot();
            assertEquals(new StoreMetrics(0, 0, 0, 0, 0, 0, 0, StoreMetrics.TimeToReady.NONE), m);
        }
    }

    private static long count(List<AuditEvent> rows, ActionType action, Outcome outcome) {
        return rows.stream().filter(e -> e.action() == action && (outcome == null || e.outcome() == outcome)).count();
    }
}
