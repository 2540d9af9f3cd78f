package dev.storefleet.viewmodel.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * How a plan splits its stores into waves, as the plan preview shows it before the rollout starts:
 * the canary first (wave 0, {@code canary} stores), then the rest by cumulative percentages
 * ({@code [25, 100]}: a quarter, then the others), each wave at least one store. Stores already at
 * the target are left out of the waves and listed as skipped.
 */
record WavePlan(List<Wave> waves, List<String> skipped) {

    /** One planned wave; {@code label} "Canary", "Wave 1", … as {@link #label(int, int)} names it. */
    record Wave(int index, String label, List<String> stores) {
    }

    /** "Canary" for wave 0 of a plan with one, else "Wave n" counting the waves after the canary from 1. */
    static String label(int index, int canary) {
        if (canary > 0) {
            return index == 0 ? "Canary" : "Wave " + index;
        }
        return "Wave " + (index + 1);
    }

    WavePlan {
        waves = List.copyOf(waves);
        skipped = List.copyOf(skipped);
    }

    /** @param stores the stores to upgrade, in order; {@code percentages} cumulative, the last 100 */
    static WavePlan of(List<String> stores, List<String> skipped, int canary, List<Integer> percentages) {
        List<Wave> waves = new ArrayList<>();
        int first = Math.min(canary, stores.size());
        if (first > 0) {
            waves.add(new Wave(0, label(0, first), stores.subList(0, first)));
        }
        List<String> rest = stores.subList(first, stores.size());
        int done = 0;
        for (int percentage : percentages) {
            int upTo = (int) Math.ceil(rest.size() * percentage / 100.0);
            upTo = Math.max(upTo, Math.min(done + 1, rest.size())); // a wave is never empty while stores remain
            if (upTo > done) {
                waves.add(new Wave(waves.size(), label(waves.size(), first), rest.subList(done, upTo)));
                done = upTo;
            }
        }
        return new WavePlan(waves, skipped);
    }
}
