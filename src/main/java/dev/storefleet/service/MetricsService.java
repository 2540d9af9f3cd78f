package dev.storefleet.service;

import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.service.port.AuditLog;
import java.util.Objects;

/** The console's counters, derived from the audit log (so they survive restarts). */
public final class MetricsService {
    private final AuditLog log;

    public MetricsService(AuditLog log) {
        this.log = Objects.requireNonNull(log);
    }

    public StoreMetrics snapshot() {
        return log.summarize();
    }
}
