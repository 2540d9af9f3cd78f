package dev.storefleet.viewmodel.metrics;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FakeCluster.Step;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.OutcomePoint;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.OutcomeRange;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.StatusCount;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No toolkit: direct executors, a debounce queue drained by hand, the real services on H2. */
class MetricsViewModelTest {
    @TempDir
    Path dir;
    /** Tasks "after the debounce": they run when the test says so. */
    private final Queue<Runnable> debounce = new ArrayDeque<>();

    private MetricsViewModel viewModel(ServiceFixture fx) {
        return new MetricsViewModel(fx.app().metrics(), fx.stores(), fx.app().health(), fx.app().events(),
                UiExecutors.direct(), debounce::add, Clock.system(ZoneId.of("Europe/Paris")));
    }

    private void drainDebounce() {
        Runnable task;
        while ((task = debounce.poll()) != null) {
            task.run();
        }
    }

    @Test
    void countersEqualTheMetricsServiceAfterAScriptedSequence() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            MetricsViewModel vm = viewModel(fx);
            Store a = fx.create("A", "alice");
            Store b = fx.create("B", "alice");
            fx.settle();
            fx.cluster().failNext(Step.INSTALL, 1);
            Store c = fx.create("C", "bob");
            fx.settle();
            fx.stores().retry(c.id(), "ops");
            fx.settle();
            fx.stores().upgrade(a.id(), Map.of(), "ops");
            fx.settle();
            fx.cluster().failNext(Step.INSTALL, 1);
            fx.stores().upgrade(b.id(), Map.of(), "ops");
            fx.settle();
            fx.stores().delete(a.id(), "ops");
            fx.settle();

            vm.refresh().get(5, TimeUnit.SECONDS);
            StoreMetrics m = fx.app().metrics().snapshot();
            assertEquals(2, m.activeStores());
            assertEquals(m.activeStores(), vm.activeStoresProperty().get());
            assertEquals(m.provisioningCount(), vm.provisioningCountProperty().get());
            assertEquals(m.failureCount(), vm.failureCountProperty().get());
            assertEquals(m.upgradeCount(), vm.upgradeCountProperty().get());
            assertEquals(m.rollbackCount(), vm.rollbackCountProperty().get());
            assertEquals(m.retryCount(), vm.retryCountProperty().get());
            assertEquals(m.ordersPlaced(), vm.ordersPlacedProperty().get());
            assertEquals(m.timeToReady(), vm.timeToReadyProperty().get());
            assertEquals(3, vm.timeToReadyProperty().get().count());
            assertNotEquals(MetricsViewModel.NO_FIGURE, vm.readyMedianTextProperty().get());

            // B failed its upgrade, C is ready after its retry; A is gone.
            assertEquals(List.of(new StatusCount(StoreStatus.READY, "ready", 1), new StatusCount(StoreStatus.FAILED, "failed", 1)), vm.storesByStatus());

            // Every provisioning result of the script happened within the current hour's bucket.
            List<OutcomePoint> points = vm.provisioningOutcomes();
            assertEquals(24, points.size());
            assertEquals(3, points.stream().mapToLong(OutcomePoint::succeeded).sum(), "A, B and C after retry");
            assertEquals(1, points.stream().mapToLong(OutcomePoint::failed).sum(), "C's first attempt");
            assertEquals(points.get(23).succeeded() + points.get(22).succeeded(), 3,
                    "in the current hour (or the one before, if the script crossed the hour)");
            assertTrue(points.get(23).label().matches("\\d\\d:00"), points.get(23).label());
            assertEquals(3, vm.readyTimeDistribution().stream().mapToLong(MetricsViewModel.ReadyTimeBar::count).sum());
            assertEquals("< 10 s", vm.readyTimeDistribution().get(0).label());
            assertEquals("≥ 10 min", vm.readyTimeDistribution().get(6).label());
            assertFalse(vm.emptyProperty().get());
            assertEquals("", vm.errorProperty().get());
            assertTrue(vm.updatedTextProperty().get().startsWith("Updated at "));
            assertFalse(vm.loadingProperty().get());
        }
    }

    @Test
    void eventsRefreshThePanelAndABurstCostsOneRefresh() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            MetricsViewModel vm = viewModel(fx);
            vm.refresh().get(5, TimeUnit.SECONDS);
            assertTrue(vm.emptyProperty().get(), "no data yet");
            assertEquals(1, vm.refreshCount());

            fx.create("Shop", "alice");
            fx.settle();
            for (int i = 0; i < 100; i++) {
                fx.app().audit().append(new AuditEvent(null, Instant.now(), ActionType.RETRY, Outcome.SUCCESS, 1L,
                        "Shop", "burst", "event " + i, null));
            }
            assertEquals(1, vm.refreshCount(), "nothing read until the debounce has passed");
            assertEquals(1, debounce.size(), "the whole burst waits behind one scheduled refresh");
            assertEquals(0, vm.activeStoresProperty().get());

            drainDebounce();
            assertEquals(2, vm.refreshCount(), "100+ events, one refresh");
            assertEquals(1, vm.activeStoresProperty().get());
            assertEquals(100, vm.retryCountProperty().get());
            assertEquals(List.of(new StatusCount(StoreStatus.READY, "ready", 1)), vm.storesByStatus());
            assertFalse(vm.emptyProperty().get());
        }
    }

    @Test
    void eventsDuringARefreshCauseExactlyOneMore() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            Queue<Runnable> background = new ArrayDeque<>();
            MetricsViewModel vm = new MetricsViewModel(fx.app().metrics(), fx.stores(), fx.app().health(),
                    fx.app().events(), new UiExecutors(background::add, Runnable::run), debounce::add,
                    Clock.systemUTC());
            CompletableFuture<Void> first = vm.refresh();
            assertEquals(1, background.size(), "the read waits in the background");
            CompletableFuture<Void> joined = vm.refresh();
            assertEquals(1, vm.refreshCount(), "at most one refresh in flight");

            fx.create("Shop", "alice");
            fx.settle();
            assertTrue(debounce.isEmpty(), "no second refresh while the first runs");
            background.poll().run();
            assertTrue(first.isDone());
            assertFalse(joined.isDone(), "a refresh asked for during a run is a new run");
            assertEquals(1, debounce.size(), "one follow-up for every event that came in meanwhile");
            drainDebounce();
            assertEquals(2, vm.refreshCount());
            background.poll().run();
            assertTrue(joined.isDone());
            assertEquals(1, vm.activeStoresProperty().get(), "the follow-up saw the new store");
            assertTrue(background.isEmpty() && debounce.isEmpty(), "and then it is quiet");
        }
    }

    @Test
    void realDebounceCoalescesABurstOnWorkerThreads() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            MetricsViewModel vm = new MetricsViewModel(fx.app().metrics(), fx.stores(), fx.app().health(),
                    fx.app().events(), UiExecutors.direct());
            vm.refresh().get(5, TimeUnit.SECONDS);
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                fx.app().audit().append(new AuditEvent(null, Instant.now(), ActionType.UPGRADE, Outcome.SUCCESS, 1L,
                        "Shop", "burst", "event " + i, null));
            }
            long burstMs = (System.nanoTime() - started) / 1_000_000;
            Eventually.await("the burst counted", () -> vm.upgradeCountProperty().get() >= 100);
            Thread.sleep(MetricsViewModel.DEBOUNCE.toMillis() * 2); // nothing else should follow
            assertEquals(100, vm.upgradeCountProperty().get());
            // At most one refresh per debounce window of the burst, plus the one that catches its tail.
            long bound = burstMs / MetricsViewModel.DEBOUNCE.toMillis() + 2;
            assertTrue(vm.refreshCount() - 1 <= bound,
                    (vm.refreshCount() - 1) + " refreshes for a burst of 100 events over " + burstMs + " ms");
            vm.dispose();
        }
    }

    @Test
    void changingTheRangeRereadsInDailyBuckets() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            MetricsViewModel vm = viewModel(fx);
            fx.create("Shop", "alice");
            fx.settle();
            vm.refresh().get(5, TimeUnit.SECONDS);
            vm.outcomeRangeProperty().set(OutcomeRange.LAST_30_DAYS);
            assertEquals(30, vm.provisioningOutcomes().size());
            assertEquals(1, vm.provisioningOutcomes().get(29).succeeded() + vm.provisioningOutcomes().get(28).succeeded(),
                    "today (or yesterday, if the test crossed midnight)");
            assertTrue(vm.provisioningOutcomes().get(29).label().matches("[A-Z][a-z]{2} \\d{1,2}"),
                    vm.provisioningOutcomes().get(29).label());
        }
    }

    @Test
    void databaseFailureIsShownInWordsAndTheLastFiguresStay() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            MetricsViewModel vm = viewModel(fx);
            fx.create("Shop", "alice");
            fx.settle();
            vm.refresh().get(5, TimeUnit.SECONDS);
            try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            vm.refresh().get(5, TimeUnit.SECONDS);
            assertTrue(vm.errorProperty().get().startsWith("The local database failed while summing the audit log"),
                    vm.errorProperty().get());
            assertFalse(vm.errorProperty().get().contains("Exception"), "words, not a class name");
            assertEquals(1, vm.activeStoresProperty().get(), "the last good figures are still shown");
            assertFalse(vm.loadingProperty().get());
        }
    }

    @Test
    void durationsInWords() {
        assertEquals("850 ms", MetricsViewModel.formatMillis(850));
        assertEquals("12.4 s", MetricsViewModel.formatMillis(12_400));
        assertEquals("3 min 05 s", MetricsViewModel.formatMillis(185_000));
        assertEquals("1 h 02 min", MetricsViewModel.formatMillis(3_720_000));
    }
}
