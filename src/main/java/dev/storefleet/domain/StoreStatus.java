package dev.storefleet.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The store lifecycle of docs/design.md as an explicit state machine. {@link #canMoveTo} is the
 * single source of truth for which actions are allowed; views enable buttons from it.
 *
 * <pre>
 * CREATED -> PROVISIONING -> READY -> UPGRADING | ROLLING_BACK -> READY | FAILED
 * FAILED  -> PROVISIONING (retry) | ROLLING_BACK (when a revision was deployed)
 * READY   -> PROVISIONING (re-provision after drift: namespace or release removed outside)
 * READY   -> SUSPENDING -> SUSPENDED -> RESUMING -> READY (workloads at zero, data kept) | FAILED
 * READY   -> RESTORING -> READY (its data replaced from a backup) | FAILED (cut part-way)
 * any     -> DELETING -> (row removed)
 * </pre>
 */
public enum StoreStatus {
    CREATED,
    PROVISIONING,
    READY,
    FAILED,
    UPGRADING,
    ROLLING_BACK,
    /** Its workloads are being scaled to zero. */
    SUSPENDING,
    /** Switched off: workloads at zero replicas, volumes and release kept. */
    SUSPENDED,
    /** Its workloads are being scaled back up; READY once they are. */
    RESUMING,
    /** Its data is being replaced from one of its backups; READY again once the data is back. */
    RESTORING,
    DELETING;

    private Set<StoreStatus> next;

    static {
        CREATED.next = EnumSet.of(PROVISIONING, DELETING);
        PROVISIONING.next = EnumSet.of(READY, FAILED, DELETING);
        // READY -> PROVISIONING: a store whose namespace or release was removed outside the console
        // is installed again (re-provision, the way out of drift).
        READY.next = EnumSet.of(PROVISIONING, UPGRADING, ROLLING_BACK, SUSPENDING, RESTORING, DELETING);
        UPGRADING.next = EnumSet.of(READY, FAILED, DELETING);
        ROLLING_BACK.next = EnumSet.of(READY, FAILED, DELETING);
        FAILED.next = EnumSet.of(PROVISIONING, ROLLING_BACK, DELETING);
        SUSPENDING.next = EnumSet.of(SUSPENDED, FAILED, DELETING);
        SUSPENDED.next = EnumSet.of(RESUMING, DELETING);
        RESUMING.next = EnumSet.of(READY, FAILED, DELETING);
        RESTORING.next = EnumSet.of(READY, FAILED, DELETING);
        // A delete that was interrupted (crash, cancelled) may be asked for again.
        DELETING.next = EnumSet.of(DELETING);
    }

    public boolean canMoveTo(StoreStatus target) {
        return next.contains(target);
    }

    /** Work is under way: the store is waiting for, or inside, a background operation. */
    public boolean isTransitional() {
        return this == CREATED || this == PROVISIONING || this == UPGRADING
                || this == ROLLING_BACK || this == SUSPENDING || this == RESUMING || this == RESTORING || this == DELETING;
    }

    /** Lower-case spelling used in JSON ({@code "status": "created"}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Words for people: "rolling back" rather than ROLLING_BACK. */
    public String label() {
        return code().replace('_', ' ');
    }
}
