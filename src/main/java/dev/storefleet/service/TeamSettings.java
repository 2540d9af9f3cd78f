package dev.storefleet.service;

import java.time.Duration;

/**
 * Knobs of several consoles on one database.
 *
 * @param leaseTtl     how long a store's lease lasts unless renewed: how soon another console takes
 *                     over the operations of one that died
 * @param sweepEvery   how often the fleet's reconciler looks for such stores (shared database only)
 * @param followEvery  how often a console reads what the others wrote (shared database only)
 */
public record TeamSettings(Duration leaseTtl, Duration sweepEvery, Duration followEvery) {
    public static final TeamSettings DEFAULTS = new TeamSettings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofMillis(500));

    public TeamSettings {
        if (leaseTtl.toSeconds() < 1 || sweepEvery.isNegative() || sweepEvery.isZero() || followEvery.isNegative()
                || followEvery.isZero()) {
            throw new IllegalArgumentException("lease time must be at least 1 s, sweep and follow intervals positive");
        }
    }

    /** With a lease of {@code seconds}, swept for a third of that. */
    public static TeamSettings withLease(int seconds) {
        return new TeamSettings(Duration.ofSeconds(seconds), Duration.ofMillis(Math.max(500, seconds * 1000L / 3)),
                DEFAULTS.followEvery());
    }
}
