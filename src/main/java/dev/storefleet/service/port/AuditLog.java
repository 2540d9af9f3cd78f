package dev.storefleet.service.port;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.StoreMetrics;
import java.util.List;

/** The append-only audit log: rows are added, read and summed, never changed or removed. */
public interface AuditLog {

    AuditEvent append(AuditEvent event);

    /** Newest first. */
    List<AuditEvent> page(AuditQuery query);

    long count(AuditQuery query);

    /** The counters and time-to-ready figures, computed by one aggregate query. */
    StoreMetrics summarize();

    /** Filters for reading the log; null means "any". */
    record AuditQuery(Long storeId, String storeNameContains, ActionType action, int offset, int limit) {
        public static AuditQuery latest(int limit) {
            return new AuditQuery(null, null, null, 0, limit);
        }

        public AuditQuery {
            if (offset < 0 || limit < 0) {
                throw new IllegalArgumentException("offset and limit must not be negative");
            }
        }
    }
}
