package dev.storefleet.api;

import dev.storefleet.domain.RolloutMetrics;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.port.FleetWatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /stores/metrics}: the counters of {@link StoreMetrics} (from the audit log), then the
 * READY stores by health now ({@code health}: every state, zero or more; {@code degradedStores}
 * repeats the degraded count for dashboards that read one number) and whether the fleet watch
 * sees the cluster ({@code fleetWatch}: when it does not, every health is {@code unknown}), and the
 * fleet rollouts' counters ({@code rollouts}); the stores suspended now ({@code suspendedStores}) and the
 * suspensions that completed, ever ({@code suspensions}).
 */
record MetricsView(long activeStores, long provisioningCount, long failureCount, long upgradeCount,
        long rollbackCount, long retryCount, long ordersPlaced, StoreMetrics.TimeToReady timeToReady,
        Map<String, Long> health, long degradedStores, FleetWatch.WatchStatus fleetWatch, RolloutMetrics rollouts,
        long suspendedStores, long suspensions) {

    static MetricsView of(StoreMetrics m, Map<StoreHealth.State, Long> counts, FleetWatch.WatchStatus watch,
            RolloutMetrics rollouts, MetricsService.Suspensions suspended) {
        Map<String, Long> byState = new LinkedHashMap<>(); // healthy, degraded, gone, unknown: the enum's order
        for (StoreHealth.State state : StoreHealth.State.values()) {
            byState.put(state.code(), counts.getOrDefault(state, 0L));
        }
        return new MetricsView(m.activeStores(), m.provisioningCount(), m.failureCount(), m.upgradeCount(),
                m.rollbackCount(), m.retryCount(), m.ordersPlaced(), m.timeToReady(), byState,
                byState.get(StoreHealth.State.DEGRADED.code()), watch, rollouts, suspended.now(), suspended.total());
    }
}
