package dev.storefleet.service.port;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where stores are kept. Each write is one transaction together with its audit row, so a
 * store never changes without its audit trail and nothing is half-written. Implementations
 * throw the domain's typed errors: ConflictException, QuotaExceededException,
 * StoreNotFoundException, StorageException.
 */
public interface StoreRepository {

    /**
     * Records a new store if its name and slug are free and its owner has fewer than
     * {@code maxStoresPerOwner} stores; holds under concurrent calls.
     */
    Recorded insert(Store draft, int maxStoresPerOwner, Function<Store, AuditEvent> audit);

    /**
     * Changes one store under a row lock: {@code change} sees the current row and returns the
     * new one (or throws a domain error, and nothing is written).
     */
    Recorded update(long id, UnaryOperator<Store> change, Function<Store, AuditEvent> audit);

    /** Removes the row, writing {@code audit} in the same transaction; returns that audit row. */
    AuditEvent remove(long id, Function<Store, AuditEvent> audit);

    Optional<Store> find(long id);

    List<Store> findAll();

    /** How many stores are in each status now (statuses without stores absent), one GROUP BY. */
    Map<StoreStatus, Long> countByStatus();

    /** A committed change: the store as written and its audit row (with its id). */
    record Recorded(Store store, AuditEvent audit) {
    }
}
