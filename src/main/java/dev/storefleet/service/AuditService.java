package dev.storefleet.service;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.service.port.AuditLog;
import java.util.List;
import java.util.Objects;

/** Reads and appends the audit log, and tells listeners about every row written here. */
public final class AuditService {
    private final AuditLog log;
    private final StoreEvents events;

    public AuditService(AuditLog log, StoreEvents events) {
        this.log = Objects.requireNonNull(log);
        this.events = Objects.requireNonNull(events);
    }

    public AuditEvent append(AuditEvent event) {
        AuditEvent written = log.append(event);
        events.audited(written);
        return written;
    }

    public List<AuditEvent> page(AuditLog.AuditQuery query) {
        return log.page(query);
    }

    public long count(AuditLog.AuditQuery query) {
        return log.count(query);
    }

    /**
     * Asks the database a trivial question, for a readiness probe: the log's highest id, one step
     * down its primary key.
     *
     * @throws RuntimeException (a storage error, typically) when it does not answer
     */
    public void ping() {
        log.latestId();
    }
}
