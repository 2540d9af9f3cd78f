package dev.storefleet.api;

import dev.storefleet.domain.AuditEvent;
import java.util.Locale;

/** One audit row as the activity feed shows it; action and outcome lower-case. */
record AuditView(long id, String at, String action, String outcome, Long storeId, String storeName, String actor,
        String detail, Long durationMs) {

    static AuditView of(AuditEvent event) {
        return new AuditView(event.id(), event.occurredAt().toString(), event.action().name().toLowerCase(Locale.ROOT),
                event.outcome().name().toLowerCase(Locale.ROOT), event.storeId(), event.storeName(), event.actor(),
                event.detail(), event.durationMs());
    }
}
