package dev.storefleet.persistence;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** The {@code audit_event} table; immutable here and append-only in the database (V2). */
@Entity
@Immutable
@Table(name = "audit_event")
class AuditEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "occurred_at", nullable = false)
    Instant occurredAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    ActionType action;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    Outcome outcome;
    @Column(name = "store_id")
    Long storeId;
    @Column(name = "store_name")
    String storeName;
    @Column(nullable = false)
    String actor;
    @Column(length = 4000)
    String detail;
    @Column(name = "duration_ms")
    Long durationMs;
    /** The process that wrote the row (migration V6; null in older rows), so a console can tell its own rows from others'. */
    @Column(length = 64)
    String origin;

    protected AuditEventEntity() {
    }

    static AuditEventEntity of(AuditEvent event, String origin) {
        AuditEventEntity entity = new AuditEventEntity();
        entity.origin = origin;
        entity.occurredAt = event.occurredAt();
        entity.action = event.action();
        entity.outcome = event.outcome();
        entity.storeId = event.storeId();
        entity.storeName = event.storeName();
        entity.actor = event.actor();
        entity.detail = event.detail();
        entity.durationMs = event.durationMs();
        return entity;
    }

    AuditEvent toDomain() {
        return new AuditEvent(id, occurredAt, action, outcome, storeId, storeName, actor, detail, durationMs);
    }
}
