package dev.storefleet.viewmodel.rollout;

import java.util.List;

/** One wave of the plan preview: its label ("Canary", "Wave 1") and its stores. */
public record PlannedWaveRow(String wave, List<String> stores) {
    public String storesText() {
        return String.join(", ", stores);
    }
}
