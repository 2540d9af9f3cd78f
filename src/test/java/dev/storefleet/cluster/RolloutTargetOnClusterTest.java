package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.RolloutWave;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A store already at the target is skipped" with chart versions as they are recorded: two stores
 * installed by a console whose WooCommerce chart copy says 0.0.9, two by a console with the real
 * charts (0.1.0), over one database and test cluster with the real Helm library. A rollout to the
 * bundled chart with no values upgrades the two behind and skips the two at it, in words; then a
 * plan over stores that are all at the target is refused.
 */
@Timeout(120)
class RolloutTargetOnClusterTest {
    private static final EngineSettings SETTINGS = new EngineSettings(4, Duration.ofSeconds(60), Duration.ofSeconds(30),
            "localhost", "traefik");

    @TempDir
    Path dir;

    @Test
    void storesAtTheBundledChartAreSkippedThoseBehindUpgradedAndAPlanChangingNothingRefused() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            Path data = dir.resolve("data");
            List<Long> behind = new ArrayList<>();
            RealClusterAdapters old = RealClusterAdapters.against(api, dir.resolve("old"), OlderCharts.copy(dir.resolve("old-charts")),
                    SETTINGS.readyTimeout());
            try (Storefleet before = old.start(data, SETTINGS)) {
                for (int i = 1; i <= 2; i++) {
                    behind.add(before.stores().create(new NewStoreRequest("Old Shop " + i, "alice", "a@example.com", "woocommerce"),
                            "tester").id());
                }
                assertTrue(before.executor().awaitIdle(Duration.ofSeconds(60)));
            } finally {
                old.connection().close();
            }
            RealClusterAdapters adapters = RealClusterAdapters.against(api, dir.resolve("new"), RealClusterAdapters.REPO_CHARTS,
                    SETTINGS.readyTimeout());
            try (Storefleet app = adapters.start(data, SETTINGS)) {
                app.stores().reconcile();
                List<Long> atTarget = new ArrayList<>();
                for (int i = 1; i <= 2; i++) {
                    atTarget.add(app.stores().create(new NewStoreRequest("New Shop " + i, "bob", "b@example.com", "woocommerce"),
                            "tester").id());
                }
                assertTrue(app.executor().awaitIdle(Duration.ofSeconds(60)));
                ChartVersion bundled = app.stores().bundledCharts().get(StoreType.WOOCOMMERCE);
                assertEquals("woocommerce-0.1.0", bundled.label());
                for (long id : behind) {
                    assertEquals("woocommerce-0.0.9", app.stores().get(id).chart());
                }
                for (long id : atTarget) {
                    assertEquals(bundled.label(), app.stores().get(id).chart());
                }

                // the canary is the first store that needs the upgrade, not the first listed
                List<Long> order = List.of(atTarget.get(0), behind.get(0), atTarget.get(1), behind.get(1));
                RolloutPlan toBundled = new RolloutPlan(order, null, Map.of(), bundled.version(), 1, List.of(100), 2, false,
                        Duration.ofSeconds(60), false);
                List<RolloutWave> preview = app.rollouts().preview(toBundled);
                assertEquals(List.of(behind.get(0)), preview.get(0).stores().stream().map(RolloutEntry::storeId).toList());
                assertEquals(List.of(atTarget.get(0), atTarget.get(1), behind.get(1)),
                        preview.get(1).stores().stream().map(RolloutEntry::storeId).toList());
                assertEquals(List.of(behind), List.of(app.rollouts().preview(new RolloutPlan(List.of(), new RolloutPlan.Selector(
                        StoreType.WOOCOMMERCE, true), Map.of(), null, 0, List.of(100), 2, false, null, false)).get(0).stores()
                        .stream().map(RolloutEntry::storeId).toList()), "outdatedOnly picks the stores behind");

                Map<Long, Integer> revisions = new java.util.HashMap<>();
                app.stores().list().forEach(s -> revisions.put(s.id(), s.helmRevision()));
                Rollout started = app.rollouts().start(toBundled, "ops");
                Rollout done = Eventually.until(() -> app.rollouts().get(started.id()), r -> r.finishedAt() != null,
                        Duration.ofSeconds(60));
                assertEquals(RolloutStatus.PASSED, done.status(), String.valueOf(done));
                for (RolloutEntry e : done.waves().stream().flatMap(w -> w.stores().stream()).toList()) {
                    Store s = app.stores().get(e.storeId());
                    assertEquals(StoreStatus.READY, s.status(), s.name());
                    assertEquals(bundled.label(), s.chart(), s.name() + " is at the bundled chart now");
                    if (atTarget.contains(e.storeId())) {
                        assertEquals(RolloutStoreStatus.SKIPPED, e.status(), e.storeName());
                        assertEquals("already at woocommerce-0.1.0 and the plan sets no values", e.detail());
                        assertEquals(revisions.get(e.storeId()), s.helmRevision(), s.name() + " untouched");
                    } else {
                        assertEquals(RolloutStoreStatus.PASSED, e.status(), e.storeName() + ": " + e.detail());
                        assertEquals(revisions.get(e.storeId()) + 1, s.helmRevision(), s.name() + " upgraded once");
                        assertEquals(revisions.get(e.storeId()), e.fromRevision());
                    }
                }

                ValidationException refused = assertThrows(ValidationException.class, () -> app.rollouts().start(toBundled, "ops"));
                assertEquals(List.of("stores"), refused.errors().stream().map(ValidationException.FieldError::field).toList());
                assertTrue(refused.getMessage().contains("Every selected store is already at the bundled chart and the plan sets"
                        + " no values: this rollout would change nothing."), refused.getMessage());
                assertEquals(1, app.rollouts().list().size(), "the refused plan recorded nothing");
            } finally {
                adapters.connection().close();
            }
        }
    }

}
