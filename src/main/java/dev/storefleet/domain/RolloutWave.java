package dev.storefleet.domain;

import java.util.List;

/** One wave of a rollout: index 0 is the canary when the plan has one. */
public record RolloutWave(int index, List<RolloutEntry> stores) {

    public RolloutWave {
        stores = List.copyOf(stores);
    }
}
