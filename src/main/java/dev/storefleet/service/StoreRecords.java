package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.service.port.StoreRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The store rows and their audit rows, as requests, operations and reconciliation write them:
 * each committed change is told to the listeners ({@link StoreEvents}) with its audit row, an
 * audit row's detail is clipped to its column, and "now" is read from one clock.
 */
final class StoreRecords {
    private final StoreRepository stores;
    private final AuditService audit;
    private final StoreEvents events;
    private final Clock clock;

    StoreRecords(StoreRepository stores, AuditService audit, StoreEvents events, Clock clock) {
        this.stores = stores;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    Store get(long id) {
        return stores.find(id).orElseThrow(() -> new StoreNotFoundException(id));
    }

    Optional<Store> find(long id) {
        return stores.find(id);
    }

    List<Store> all() {
        return stores.findAll();
    }

    /** Records a new store under the per-owner quota; gives the store as written. */
    Store insert(Store draft, int maxStoresPerOwner, Function<Store, AuditEvent> auditOf) {
        return published(stores.insert(draft, maxStoresPerOwner, auditOf));
    }

    /** Changes a store under its row lock; gives the store as written. */
    Store update(long id, UnaryOperator<Store> change, Function<Store, AuditEvent> auditOf) {
        return published(stores.update(id, change, auditOf));
    }

    /** Removes the store's row with its last audit row, and tells the listeners it is gone. */
    void remove(long id, Function<Store, AuditEvent> auditOf) {
        events.audited(stores.remove(id, auditOf));
        events.storeRemoved(id);
    }

    /** An audit row on its own, for what changes no store row (a refusal, a cancel, a failed step). */
    void append(AuditEvent event) {
        audit.append(event);
    }

    AuditEvent audit(ActionType action, Outcome outcome, Store store, String actor, String detail) {
        return AuditEvent.of(now(), action, outcome, store, actor, StoreService.clip(detail, StoreService.MAX_DETAIL));
    }

    void changed(Store store) {
        events.storeChanged(store);
    }

    void progress(long id, String message) {
        events.progress(id, message);
    }

    /**
     * The time of a store change, to the microsecond the database keeps: a store as written (in an
     * event) then equals the same store read back (a table load, a later update), so comparing their
     * {@code updatedAt} orders them rather than the nanoseconds the column drops.
     */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Tells listeners about a committed change's audit row; gives the store as written. */
    private Store published(StoreRepository.Recorded recorded) {
        events.audited(recorded.audit());
        return recorded.store();
    }
}
