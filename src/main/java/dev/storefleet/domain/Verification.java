package dev.storefleet.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of the last end-to-end check of a store: a test order placed through the store's
 * real API and found again in its order list.
 *
 * @param at         when the check finished
 * @param ok         true when the order was placed and listed
 * @param durationMs how long the whole check took
 * @param detail     what was found: the order placed, or which step failed and why, in words
 */
public record Verification(Instant at, boolean ok, long durationMs, String detail) {

    public Verification {
        Objects.requireNonNull(at, "at");
    }
}
