package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreInspector;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The operator's looks into a store: admin credentials (audited: who read them) and events. */
public final class InspectionService {
    private final StoreService stores;
    private final StoreInspector inspector;
    private final AuditService audit;
    private final Clock clock;

    public InspectionService(StoreService stores, StoreInspector inspector, AuditService audit, Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        this.inspector = Objects.requireNonNull(inspector);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
    }

    public StoreInspector.AdminCredentials adminCredentials(long storeId, String actor) {
        Store store = stores.get(storeId);
        StoreInspector.AdminCredentials credentials = inspector.adminCredentials(store);
        audit.append(AuditEvent.of(clock.instant(), ActionType.CREDENTIALS_READ, Outcome.SUCCESS, store, actor,
                "admin credentials read for " + credentials.user()));
        return credentials;
    }

    public List<StoreInspector.ClusterEvent> recentEvents(long storeId, int limit) {
        return inspector.recentEvents(stores.get(storeId), limit);
    }
}
