package dev.storefleet.domain;

import java.util.Locale;

/** Where a fleet rollout stands; PASSED, HALTED and ABORTED are final. */
public enum RolloutStatus {
    RUNNING,
    PAUSED,
    PASSED,
    HALTED,
    ABORTED;

    /** The word scripts see ({@code running}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == PASSED || this == HALTED || this == ABORTED;
    }
}
