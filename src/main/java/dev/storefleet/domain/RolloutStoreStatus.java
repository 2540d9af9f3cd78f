package dev.storefleet.domain;

import java.util.Locale;

/**
 * Where one store of a rollout stands. PENDING, then UPGRADING and VERIFYING while it passes its
 * gate, then PASSED or FAILED; ROLLED_BACK when its wave was rolled back; SKIPPED when it was
 * already at the target (or left out when the rollout halted or was aborted before it).
 */
public enum RolloutStoreStatus {
    PENDING,
    UPGRADING,
    VERIFYING,
    PASSED,
    FAILED,
    ROLLED_BACK,
    SKIPPED;

    /** The word scripts see ({@code rolled_back}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True while the store is being worked on by the rollout. */
    public boolean inFlight() {
        return this == UPGRADING || this == VERIFYING;
    }
}
