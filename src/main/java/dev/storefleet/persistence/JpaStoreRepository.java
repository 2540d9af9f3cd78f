package dev.storefleet.persistence;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.QuotaExceededException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.StoreRepository;
import jakarta.persistence.LockModeType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hibernate.Session;
import org.hibernate.exception.ConstraintViolationException;

/** Stores in H2 through Hibernate; every write carries its audit row in the same transaction. */
final class JpaStoreRepository implements StoreRepository {
    private final Transactions tx;

    JpaStoreRepository(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Recorded insert(Store draft, int maxStoresPerOwner, Function<Store, AuditEvent> audit) {
        String ownerKey = StoreEntity.ownerKey(draft.owner());
        ensureOwnerRow(ownerKey);
        return tx.inTransaction("creating store '" + draft.name() + "'", session -> {
            // Serialises creates per owner until commit: the count below cannot go stale.
            session.find(OwnerEntity.class, ownerKey, LockModeType.PESSIMISTIC_WRITE);
            rejectTakenName(session, draft);
            long owned = session.createSelectionQuery(
                    "select count(s) from StoreEntity s where s.ownerKey = :owner", Long.class)
                    .setParameter("owner", ownerKey).getSingleResult();
            if (owned >= maxStoresPerOwner) {
                throw new QuotaExceededException(draft.owner(), maxStoresPerOwner);
            }
            StoreEntity entity = StoreEntity.of(draft);
            session.persist(entity);
            session.flush();
            Store stored = entity.toDomain();
            return new Recorded(stored, appendIn(session, audit.apply(stored), tx.processId()));
        });
    }

    @Override
    public Recorded update(long id, UnaryOperator<Store> change, Function<Store, AuditEvent> audit) {
        return tx.inTransaction("updating store " + id, session -> {
            StoreEntity entity = session.find(StoreEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) {
                throw new StoreNotFoundException(id);
            }
            Store changed = change.apply(entity.toDomain());
            entity.copyMutable(changed);
            session.flush();
            Store stored = entity.toDomain();
            return new Recorded(stored, appendIn(session, audit.apply(stored), tx.processId()));
        });
    }

    @Override
    public AuditEvent remove(long id, Function<Store, AuditEvent> audit) {
        return tx.inTransaction("removing store " + id, session -> {
            StoreEntity entity = session.find(StoreEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) {
                throw new StoreNotFoundException(id);
            }
            Store last = entity.toDomain();
            session.remove(entity);
            session.flush();
            return appendIn(session, audit.apply(last), tx.processId());
        });
    }

    @Override
    public Optional<Store> find(long id) {
        return tx.inTransaction("reading store " + id,
                session -> Optional.ofNullable(session.find(StoreEntity.class, id)).map(StoreEntity::toDomain));
    }

    @Override
    public List<Store> findAll() {
        return tx.inTransaction("listing stores", session -> session
                .createSelectionQuery("from StoreEntity s order by s.id", StoreEntity.class)
                .getResultList().stream().map(StoreEntity::toDomain).toList());
    }

    @Override
    public Map<StoreStatus, Long> countByStatus() {
        return tx.inTransaction("counting stores by status", session -> {
            Map<StoreStatus, Long> counts = new EnumMap<>(StoreStatus.class);
            session.createSelectionQuery("select s.status, count(s) from StoreEntity s group by s.status", Object[].class)
                    .getResultList().forEach(row -> counts.put((StoreStatus) row[0], ((Number) row[1]).longValue()));
            return counts;
        });
    }

    static AuditEvent appendIn(Session session, AuditEvent event, String origin) {
        AuditEventEntity entity = AuditEventEntity.of(event, origin);
        session.persist(entity);
        session.flush();
        return entity.toDomain();
    }

    private void rejectTakenName(Session session, Store draft) {
        List<StoreEntity> taken = session.createSelectionQuery(
                "from StoreEntity s where s.nameKey = :nameKey or s.slug = :slug", StoreEntity.class)
                .setParameter("nameKey", StoreNames.nameKey(draft.name()))
                .setParameter("slug", draft.slug())
                .getResultList();
        for (StoreEntity existing : taken) {
            if (existing.nameKey.equals(StoreNames.nameKey(draft.name()))) {
                throw new ConflictException("A store named '" + existing.name + "' already exists."
                        + " Store names are unique (ignoring case); choose another name.");
            }
            throw new ConflictException("'" + draft.name() + "' would use namespace " + draft.namespace()
                    + ", which store '" + existing.name + "' already uses. Choose a name that differs in"
                    + " letters or digits, not only in spaces, case or punctuation.");
        }
    }

    private static boolean causedByConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    /** The owner row must exist before it can be locked; creating it may race, which is fine. */
    private void ensureOwnerRow(String ownerKey) {
        try {
            tx.inTransactionUntranslated(session -> {
                if (session.find(OwnerEntity.class, ownerKey) == null) {
                    session.persist(new OwnerEntity(ownerKey));
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (!causedByConstraintViolation(e)) {
                throw tx.translate("registering owner '" + ownerKey + "'", e);
            }
            // A concurrent create registered the same owner first: exactly what was wanted.
        }
    }
}
