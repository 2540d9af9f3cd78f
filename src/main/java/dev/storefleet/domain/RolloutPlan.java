package dev.storefleet.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a fleet rollout is asked to do: which stores, to what target, in which waves, how many at
 * once, and what gate each store must pass.
 *
 * @param storeIds     the stores picked by hand; empty when {@code selector} picks them
 * @param selector     the stores picked by a rule; null when {@code storeIds} lists them
 * @param values       values set on top of each store's own on upgrade (empty: none)
 * @param chartVersion the bundled chart version the stores go to (null: the bundled one, whatever it is)
 * @param canary       how many stores go first, alone, as wave 0 (0: no canary)
 * @param waves        cumulative percentages of the stores after the canary ({@code [25, 100]}); the last is 100
 * @param maxInFlight  how many stores of a wave are upgraded at once
 * @param verify       whether a store's gate includes a verification order placed and found
 * @param gateTimeout  how long a store has to be READY, healthy and verified after its upgrade
 * @param keepFailed   on failure, leave the failed store as it is for inspection (its wave's others roll back)
 * @param backupFirst  back each store up before its upgrade and wait for it; a failed backup fails the store, not upgraded
 */
public record RolloutPlan(List<Long> storeIds, Selector selector, Map<String, Object> values, String chartVersion,
        int canary, List<Integer> waves, int maxInFlight, boolean verify, Duration gateTimeout, boolean keepFailed,
        boolean backupFirst) {

    /** Stores picked by a rule: a type (null: any), and only those behind the bundled chart if asked. */
    public record Selector(StoreType type, boolean outdatedOnly) {
    }

    /** A plan that takes no backups before its upgrades. */
    public RolloutPlan(List<Long> storeIds, Selector selector, Map<String, Object> values, String chartVersion,
            int canary, List<Integer> waves, int maxInFlight, boolean verify, Duration gateTimeout, boolean keepFailed) {
        this(storeIds, selector, values, chartVersion, canary, waves, maxInFlight, verify, gateTimeout, keepFailed, false);
    }

    public RolloutPlan {
        storeIds = storeIds == null ? List.of() : List.copyOf(storeIds);
        values = values == null ? Map.of() : Map.copyOf(values);
        waves = waves == null ? List.of() : List.copyOf(waves);
    }
}
