package dev.storefleet.api;

import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutWave;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A rollout as the API answers it: the words scripts match on ({@code running}, {@code rolled_back}) and the plan. */
record RolloutView(long id, String status, String reason, String actor, Instant createdAt, Instant updatedAt,
        Instant finishedAt, PlanView plan, List<WaveView> waves) {

    record PlanView(List<Long> stores, Map<String, Object> selector, Map<String, Object> values, String chartVersion,
            int canary, List<Integer> waves, int maxInFlight, boolean verify, long gateTimeoutSeconds,
            boolean keepFailed, boolean backupFirst) {
    }

    record WaveView(int index, List<EntryView> stores) {
    }

    record EntryView(long storeId, String storeName, String status, String detail, Integer fromRevision,
            Integer toRevision) {
    }

    static RolloutView of(Rollout rollout) {
        RolloutPlan plan = rollout.plan();
        Map<String, Object> selector = plan.selector() == null ? null : plan.selector().type() == null
                ? Map.of("outdated", plan.selector().outdatedOnly())
                : Map.of("type", plan.selector().type().chartName(), "outdated", plan.selector().outdatedOnly());
        PlanView planView = new PlanView(plan.storeIds(), selector, plan.values(), plan.chartVersion(), plan.canary(),
                plan.waves(), plan.maxInFlight(), plan.verify(),
                plan.gateTimeout() == null ? 0 : plan.gateTimeout().toSeconds(), plan.keepFailed(),
                plan.backupFirst());
        return new RolloutView(rollout.id(), rollout.status().code(), rollout.reason(), rollout.actor(),
                rollout.createdAt(), rollout.updatedAt(), rollout.finishedAt(), planView,
                rollout.waves().stream().map(RolloutView::wave).toList());
    }

    private static WaveView wave(RolloutWave wave) {
        return new WaveView(wave.index(), wave.stores().stream().map(RolloutView::entry).toList());
    }

    private static EntryView entry(RolloutEntry entry) {
        return new EntryView(entry.storeId(), entry.storeName(), entry.status().code(), entry.detail(),
                entry.fromRevision(), entry.toRevision());
    }
}
