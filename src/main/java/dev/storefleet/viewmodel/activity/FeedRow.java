package dev.storefleet.viewmodel.activity;

import dev.storefleet.domain.AuditEvent;

/**
 * One line of the activity feed, in words the table shows as they are. {@code detail} is on
 * one line (error texts can span several); {@link #event()} keeps the whole row.
 */
public record FeedRow(AuditEvent event, String time, String action, String outcome, String store, String actor,
        String detail) {

    public long id() {
        return event.id();
    }

    /** Whether the outcome was a failure or a refusal, for the view's colouring. */
    public boolean failed() {
        return event.outcome() != dev.storefleet.domain.Outcome.SUCCESS;
    }
}
