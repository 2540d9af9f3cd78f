package dev.storefleet.viewmodel.rollout;

/** How the console names a rollout's waves: the rollout service cuts them, this only labels them. */
final class WaveLabels {
    private WaveLabels() {
    }

    /** "Canary" for wave 0 of a plan with one, else "Wave n" counting the waves after the canary from 1. */
    static String label(int index, int canary) {
        if (canary > 0) {
            return index == 0 ? "Canary" : "Wave " + index;
        }
        return "Wave " + (index + 1);
    }
}
