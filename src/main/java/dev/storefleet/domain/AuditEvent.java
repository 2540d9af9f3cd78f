package dev.storefleet.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the append-only audit log: who did what to which store, when, and how it ended.
 *
 * @param id         database id, null until appended
 * @param storeId    the store's id, null when the action was refused before a store existed
 * @param durationMs for *_SUCCEEDED rows: time from the request to the store being ready
 */
public record AuditEvent(
        Long id,
        Instant occurredAt,
        ActionType action,
        Outcome outcome,
        Long storeId,
        String storeName,
        String actor,
        String detail,
        Long durationMs) {

    public AuditEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
    }

    public static AuditEvent of(Instant at, ActionType action, Outcome outcome, Store store, String actor,
            String detail) {
        return new AuditEvent(null, at, action, outcome, store == null ? null : store.id(),
                store == null ? null : store.name(), actor, detail, null);
    }

    public AuditEvent withDuration(long millis) {
        return new AuditEvent(id, occurredAt, action, outcome, storeId, storeName, actor, detail, millis);
    }
}
