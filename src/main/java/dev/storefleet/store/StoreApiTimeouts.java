package dev.storefleet.store;

import java.time.Duration;

/**
 * How long the order clients wait. Every HTTP call has a connect and a request timeout; the
 * probe of a store's public URL is shorter, so a store without DNS falls back to a port-forward
 * quickly.
 */
public record StoreApiTimeouts(Duration connect, Duration request, Duration probe) {
    public static final StoreApiTimeouts DEFAULTS =
            new StoreApiTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(3));
}
