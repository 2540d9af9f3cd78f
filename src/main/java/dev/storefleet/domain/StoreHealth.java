package dev.storefleet.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What the cluster says of a READY store right now, from the console's watch over the fleet.
 * An observation, never a lifecycle state: it is not stored with the store and it changes no
 * status. Only READY stores have one.
 *
 * @param reason what is wrong (which workload, which pod, which reason), why it is gone or why it
 *               is unknown; "" when healthy
 * @param since  when the store entered this state (not when the reason's words last changed)
 */
public record StoreHealth(State state, String reason, Instant since) {

    public enum State {
        /** Every workload of the release is available and every pod ready. */
        HEALTHY,
        /** A workload or pod of the release is not ready: the reason says which and why. */
        DEGRADED,
        /** The namespace or the release was removed outside the console: drift. */
        GONE,
        /** The console cannot see the cluster now; never taken for healthy. */
        UNKNOWN;

        /** Lower-case spelling used in JSON and the audit log ({@code "degraded"}). */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State ofCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public StoreHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
    }

    public static StoreHealth healthy(Instant since) {
        return new StoreHealth(State.HEALTHY, "", since);
    }

    /** The same state with other words keeps its {@code since}; another state starts now. */
    public StoreHealth next(State newState, String newReason, Instant now) {
        return new StoreHealth(newState, newReason, newState == state ? since : now);
    }

    /** Drift: the store's namespace or release no longer exists on the cluster. */
    public boolean isDrift() {
        return state == State.GONE;
    }

    /** "degraded: pod …", or "healthy". */
    public String describe() {
        return reason.isEmpty() ? state.code() : state.code() + ": " + reason;
    }
}
