package dev.storefleet.api;

import dev.storefleet.domain.StoreHealth;

/**
 * A READY store's health as the API shows it: {@code state} {@code healthy}, {@code degraded},
 * {@code gone} (drift) or {@code unknown}, {@code reason} in words ("" when healthy), {@code since}
 * when it entered that state (ISO-8601).
 */
record HealthView(String state, String reason, String since) {

    /** null for null: a store that is not READY has no health. */
    static HealthView of(StoreHealth health) {
        return health == null ? null
                : new HealthView(health.state().code(), health.reason(), health.since().toString());
    }
}
