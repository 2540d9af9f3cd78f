package dev.storefleet.service.port;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Leases on work, kept in the database every console and serve instance shares: one per store
 * (one operation per store across processes) and one per kind of fleet-wide work (start-up
 * reconciliation). A lease names its holder, one process ({@link #self()}), and expires unless
 * that process renews it, so the work of a process that died can be taken over. Expiry is judged
 * by the database's clock.
 */
public interface StoreLeases {

    /** This process: its unique id and the words that name it to other operators. */
    Holder self();

    /**
     * Takes the store's lease for {@code operation} in the name of {@code holderName}, or renews
     * it when this process holds it already. Returns empty when taken; otherwise the live lease
     * another process holds (nothing changed). A store that does not exist is taken trivially.
     */
    Optional<Lease> acquire(long storeId, String operation, String holderName);

    /** The store's lease if anyone holds one that has not expired. */
    Optional<Lease> current(long storeId);

    /** Gives up the store's lease if this process holds it. */
    void release(long storeId);

    /**
     * Renews the leases of these stores that this process still holds; returns those ids (a store
     * missing from the answer was taken over after its lease expired, or removed).
     */
    Set<Long> renew(Collection<Long> storeIds);

    /** Takes or renews the fleet-wide lease {@code name}; empty when taken, else its live holder. */
    Optional<Lease> acquireFleet(String name);

    /** Gives up the fleet-wide lease {@code name} if this process holds it. */
    void releaseFleet(String name);

    /** Gives up every lease this process holds (at a graceful stop). */
    void releaseAll();

    /** A process holding leases: a unique id per process, and who and where in words. */
    record Holder(String id, String name) {
    }

    /** A live lease: on a store (storeId) or fleet work (storeId null), who holds it, for what, until when. */
    record Lease(Long storeId, String holderId, String holderName, String operation, Instant expiresAt) {
    }
}
