package dev.storefleet.service;

import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.StoreException;
import dev.storefleet.service.port.StoreLeases;
import dev.storefleet.service.port.StoreLeases.Lease;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operation per store across every console and serve instance on the database: a request
 * takes the store's lease before it changes the store (refused in words while another process
 * holds it), the operation holds it while it runs, a keeper renews it, and it is given up when
 * the operation ends. A process that dies stops renewing; once its lease expires, the reconciler
 * of another process settles the store. One process at a time is that reconciler (the fleet lease
 * {@link #RECONCILIATION}), on a shared database sweeping every {@code sweepEvery}.
 */
public final class StoreLeasing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLeasing.class);
    static final String RECONCILIATION = "reconciliation";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final StoreLeases leases;
    private final StoreWorkQueue executor;
    private final Duration ttl;
    /** The stores whose lease this process holds for an operation queued or running here. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private volatile boolean reconciler;
    private ScheduledExecutorService keeper;

    public StoreLeasing(StoreLeases leases, StoreWorkQueue executor, Duration ttl) {
        this.leases = leases;
        this.executor = executor;
        this.ttl = ttl;
    }

    /** Who this process is to other operators: a holder's name for work it does by itself. */
    String selfName() {
        return leases.self().name();
    }

    /**
     * For a request about to change the store for {@code operation}: takes its lease, or refuses
     * in words naming who holds it. The caller gives it back ({@link #giveBack}) if the request
     * is then refused by the store's own state.
     */
    void claim(long storeId, Supplier<String> storeName, String operation, String actor) {
        Optional<Lease> other = leases.acquire(storeId, operation, holderName(actor));
        if (other.isPresent()) {
            Lease lease = other.get();
            throw new ConflictException("Store '" + storeName.get() + "' is being " + participle(lease.operation()) + " by "
                    + lease.holderName() + " (lease until " + TIME.format(lease.expiresAt()) + "). Wait for that to"
                    + " finish, or cancel it from that console.");
        }
        held.add(storeId);
    }

    /** Takes the lease for a store the request created a moment ago; false if another process took it first. */
    boolean claimNew(long storeId, String operation, String actor) {
        boolean taken = leases.acquire(storeId, operation, holderName(actor)).isEmpty();
        if (taken) {
            held.add(storeId);
        }
        return taken;
    }

    /** The lease a request took, given back because the request did not go ahead. */
    void giveBack(long storeId) {
        if (!executor.isBusy(storeId)) {
            release(storeId);
        }
    }

    /**
     * At the start of a queued operation: holds (or renews) the store's lease; false when another
     * process holds it, and the operation must not run here.
     */
    boolean holdForWork(long storeId, String operation, String actor) {
        Optional<Lease> other = leases.acquire(storeId, operation, holderName(actor));
        if (other.isPresent()) {
            LOG.info("Not running {} of store {}: {} holds its lease for {}", operation, storeId,
                    other.get().holderName(), other.get().operation());
            return false;
        }
        held.add(storeId);
        return true;
    }

    /**
     * At the end of an operation. A next operation queued for the store here takes the lease again
     * as it starts; should the reconciler of another process take it in between, that one settles
     * the store and the one here does not run ({@link #holdForWork}).
     */
    void workEnded(long storeId) {
        release(storeId);
    }

    /** The lease another live process holds on the store, if any. */
    Optional<Lease> heldElsewhere(long storeId) {
        return leases.current(storeId).filter(lease -> !lease.holderId().equals(leases.self().id()));
    }

    /**
     * For the reconciler: takes the lease of a store left in a running state, unless a live
     * process holds it or this process is already working on it.
     */
    boolean takeOver(long storeId, String operation) {
        if (executor.isBusy(storeId)) {
            return false;
        }
        return claimNew(storeId, operation, StoreService.SYSTEM);
    }

    /**
     * Makes this process the fleet's reconciler if none is alive; empty when it is, else the
     * live reconciler's lease.
     */
    Optional<Lease> becomeReconciler() {
        Optional<Lease> other = leases.acquireFleet(RECONCILIATION);
        reconciler = other.isEmpty();
        return other;
    }

    /** True while this process is the fleet's reconciler (the one that also audits the fleet's health). */
    public boolean isReconciler() {
        return reconciler;
    }

    /**
     * Starts renewing this process's leases every third of their lifetime and, when
     * {@code sweep} is given (a shared database), sweeping for stores a dead process left, as
     * the reconciler, every {@code sweepEvery}.
     */
    public synchronized void start(Runnable sweep, Duration sweepEvery) {
        if (keeper != null) {
            return;
        }
        keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "storefleet-leases");
            thread.setDaemon(true);
            return thread;
        });
        long renewMillis = Math.max(200, ttl.toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        if (sweep != null) {
            keeper.scheduleWithFixedDelay(() -> sweepAsReconciler(sweep), sweepEvery.toMillis(), sweepEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Renews what this process holds; an operation whose lease was lost (taken over after expiry) is stopped. */
    private void renew() {
        try {
            Set<Long> mine = new HashSet<>(held);
            Set<Long> still = leases.renew(mine);
            for (Long lost : mine) {
                if (!still.contains(lost) && held.remove(lost) && executor.cancelRunning(lost)) {
                    LOG.warn("Lost the lease on store {} (not renewed in time; another console took it over):"
                            + " stopping its operation here", lost);
                }
            }
            if (reconciler) {
                reconciler = leases.acquireFleet(RECONCILIATION).isEmpty();
            }
        } catch (StoreException | IllegalStateException e) {
            LOG.warn("Could not renew leases: {}", e.getMessage());
        }
    }

    private void sweepAsReconciler(Runnable sweep) {
        try {
            if (becomeReconciler().isEmpty()) {
                sweep.run();
            }
        } catch (RuntimeException e) {
            LOG.warn("The sweep for stores left by a stopped console failed: {}", e.getMessage());
        }
    }

    private void release(long storeId) {
        held.remove(storeId);
        try {
            leases.release(storeId);
        } catch (StoreException e) {
            // It expires by itself; until then other consoles wait for it.
            LOG.warn("Could not give up the lease on store {}: {}", storeId, e.getMessage());
        }
    }

    private String holderName(String actor) {
        if (actor == null || actor.equals(StoreService.SYSTEM)) {
            return leases.self().name();
        }
        return actor.contains("@") ? actor : actor + " via " + leases.self().name();
    }

    private static String participle(String operation) {
        return switch (operation == null ? "" : operation) {
            case "provisioning" -> "provisioned";
            case "upgrade" -> "upgraded";
            case "rollback" -> "rolled back";
            case "delete" -> "deleted";
            case "reconcile" -> "settled after a restart";
            case BackupService.RESTORE_LEASE -> "restored from a backup";
            default -> "changed (" + operation + ")";
        };
    }

    /** Stops renewing and gives up every lease, so another process can take over at once. */
    @Override
    public synchronized void close() {
        if (keeper != null) {
            keeper.shutdownNow();
            try {
                keeper.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        held.clear();
        try {
            leases.releaseAll();
        } catch (StoreException e) {
            LOG.warn("Could not give up this console's leases (they expire by themselves): {}", e.getMessage());
        }
    }
}
