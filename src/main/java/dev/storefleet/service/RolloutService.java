package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutNotFoundException;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutWave;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.RolloutRepository;
import dev.storefleet.service.port.RolloutRepository.Head;
import dev.storefleet.service.port.RolloutRepository.Recorded;
import dev.storefleet.service.port.RolloutRepository.Step;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet rollouts (issue 16): a plan's stores upgraded wave by wave (a canary first), each store
 * gated on READY at a newer revision, healthy, and a verification order placed and found; the
 * first failed store halts the rollout and its wave's upgraded stores are rolled back. Every step
 * is in the database before or right after the act it records ({@link RolloutRepository}), so a
 * restart resumes a running rollout where it was and never upgrades a store twice.
 *
 * <p>The requests (start, pause, resume, abort) are checked and recorded at once; the work is done
 * by {@link RolloutDriver}s on this service's own threads, one per open rollout, while each store's
 * Helm work goes through the {@link StoreWorkQueue} as a manual upgrade's does (leases, the state
 * machine, audit and cancel alike). One console drives the rollouts of a database: the one that
 * is the fleet's reconciler ({@code mayDrive}); a rollout started elsewhere is picked up within
 * {@link #POLL_MILLIS}.
 */
public final class RolloutService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);
    /** How often the open rollouts are looked for (those another console started, or left). */
    static final long POLL_MILLIS = 2000;

    final RolloutRepository repository;
    final StoreService stores;
    final OrderService orders;
    final FleetHealth health;
    final AuditService audit;
    final Clock clock;
    private final BooleanSupplier mayDrive;
    private final ExecutorService threads;
    private final ScheduledExecutorService poller;
    private final Set<Long> driving = ConcurrentHashMap.newKeySet();
    private final Set<Long> pausedSeen = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Rollout>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unsubscribe;
    /** Bumped and notified on every store change, health change and finished step: what waits wait on. */
    private final Object changes = new Object();
    private long changeCount;
    private volatile boolean closing;
    private volatile boolean started;

    /**
     * @param mayDrive true while this console is the one that drives the database's rollouts (the
     *                 fleet's reconciler on a shared database; always on the H2 file)
     */
    public RolloutService(RolloutRepository repository, StoreService stores, OrderService orders, FleetHealth health,
            AuditService audit, StoreEvents events, BooleanSupplier mayDrive, Clock clock) {
        this.repository = Objects.requireNonNull(repository);
        this.stores = Objects.requireNonNull(stores);
        this.orders = Objects.requireNonNull(orders);
        this.health = Objects.requireNonNull(health);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
        this.mayDrive = Objects.requireNonNull(mayDrive);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "storefleet-rollout-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storefleet-rollouts");
            t.setDaemon(true);
            return t;
        });
        stores.rolloutsFrom(repository::openRolloutOf);
        this.unsubscribe = events.subscribe(new StoreEvents.Listener() {
            @Override
            public void storeChanged(dev.storefleet.domain.Store store) {
                changed();
            }

            @Override
            public void storeRemoved(long storeId) {
                changed();
            }

            @Override
            public void healthChanged(long storeId, dev.storefleet.domain.StoreHealth seen) {
                changed();
            }
        });
    }

    // ---- requests -------------------------------------------------------------------------

    /** Checks the plan (400 field errors via ValidationException), records the rollout RUNNING and starts it. */
    public Rollout start(RolloutPlan plan, String actor) {
        RolloutPlan filled = RolloutPlans.withDefaults(plan);
        Recorded recorded;
        try {
            List<Step> steps = RolloutPlans.resolve(filled, stores.list(), this::bundledChart, this::hasValues);
            recorded = repository.insert(filled, actor, clock.instant(), steps, id -> null);
        } catch (StoreException e) {
            if (e.kind() != dev.storefleet.domain.ErrorKind.STORAGE) {
                append(ActionType.ROLLOUT_STARTED, Outcome.REJECTED, actor, "rollout refused: " + e.getMessage());
            }
            throw e;
        }
        append(ActionType.ROLLOUT_STARTED, Outcome.SUCCESS, actor, "rollout " + recorded.id() + ": " + describe(recorded));
        tell(recorded);
        kick(recorded.id());
        return recorded.rollout();
    }

    /**
     * The waves a plan would have, changing nothing (the views' preview of a plan): the same checks
     * as {@link #start}, the rollout id 0 and status RUNNING.
     */
    public List<RolloutWave> preview(RolloutPlan plan) {
        RolloutPlan filled = RolloutPlans.withDefaults(plan);
        List<Step> steps = RolloutPlans.resolve(filled, stores.list(), this::bundledChart, this::hasValues);
        return new Recorded(0, filled, "", clock.instant(), new Head(RolloutStatus.RUNNING, null, 0, clock.instant(), null),
                steps).rollout().waves();
    }

    /** Every rollout, newest first. */
    public List<Rollout> list() {
        return repository.findAll().stream().map(Recorded::rollout).toList();
    }

    /** One rollout; RolloutNotFoundException (not found, 404) when there is none. */
    public Rollout get(long id) {
        return recorded(id).rollout();
    }

    /** Stops starting stores; those in flight finish their gate. */
    public Rollout pause(long id, String actor) {
        Recorded r = change(id, actor, ActionType.ROLLOUT_PAUSED, RolloutStatus.PAUSED, "paused by " + actor,
                RolloutStatus.RUNNING);
        return r.rollout();
    }

    /** Starts stores again, where the rollout was paused. */
    public Rollout resume(long id, String actor) {
        Recorded r = change(id, actor, ActionType.ROLLOUT_RESUMED, RolloutStatus.RUNNING, null, RolloutStatus.PAUSED);
        kick(id);
        return r.rollout();
    }

    /** Stops the rollout for good: no store starts any more; stores already upgraded stay as they are. */
    public Rollout abort(long id, String actor) {
        Recorded r = change(id, actor, ActionType.ROLLOUT_ABORTED, RolloutStatus.ABORTED, "aborted by " + actor
                + "; stores already upgraded keep their new revision, the others were not started",
                RolloutStatus.RUNNING, RolloutStatus.PAUSED);
        kick(id);
        return r.rollout();
    }

    /** Tells {@code listener} each rollout as it changes (on the rollout's thread); returns how to stop. */
    public Runnable subscribe(Consumer<Rollout> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private Recorded change(long id, String actor, ActionType action, RolloutStatus to, String reason,
            RolloutStatus... from) {
        Recorded before = recorded(id);
        Set<RolloutStatus> allowed = Set.of(from);
        try {
            Recorded after = repository.update(id, head -> {
                if (!allowed.contains(head.status()) || head.finishedAt() != null) {
                    String now = head.finishedAt() != null && !head.status().isFinished() ? "finished" : head.status().code();
                    throw new InvalidStateException("Rollout " + id + " is " + now + "; only a "
                            + String.join(" or ", allowed.stream().map(RolloutStatus::code).sorted().toList())
                            + " rollout can be " + (to == RolloutStatus.RUNNING ? "resumed" : to.code()) + ".");
                }
                return head.with(to, reason == null ? head.reason() == null || to == RolloutStatus.RUNNING ? null
                        : head.reason() : reason, clock.instant());
            }, head -> null);
            append(action, Outcome.SUCCESS, actor, "rollout " + id + ": " + to.code() + " (was " + before.status().code()
                    + ")");
            tell(after);
            changed();
            return after;
        } catch (InvalidStateException e) {
            append(action, Outcome.REJECTED, actor, e.getMessage());
            throw e;
        }
    }

    Recorded recorded(long id) {
        return repository.find(id).orElseThrow(() -> new RolloutNotFoundException(id));
    }

    // ---- the engine -----------------------------------------------------------------------

    /**
     * Starts driving: the open rollouts now (after start-up reconciliation settled the stores),
     * and every {@link #POLL_MILLIS} those that another console started or left. Running ones
     * resume; paused ones finish the gates of their stores in flight and stay paused.
     */
    public synchronized void startDriving() {
        if (started || closing) {
            return;
        }
        started = true;
        poller.scheduleWithFixedDelay(this::driveOpen, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void driveOpen() {
        try {
            if (closing || !mayDrive.getAsBoolean()) {
                return;
            }
            for (long id : repository.openIds()) {
                Recorded r = repository.find(id).orElse(null);
                boolean paused = r != null && r.status() == RolloutStatus.PAUSED;
                // a paused rollout is looked at once (its stores in flight), then only when resumed
                if (r != null && (!paused || pausedSeen.add(id))) {
                    drive(id);
                }
            }
        } catch (StoreException | IllegalStateException e) {
            LOG.warn("Could not look for open rollouts: {}", e.getMessage());
        }
    }

    /**
     * A rollout this console started, resumed or changed is driven at once when this console may
     * drive, whether or not {@link #startDriving} ran: that only adds the open rollouts left by a
     * restart or started by other consoles.
     */
    private void kick(long id) {
        pausedSeen.remove(id);
        if (mayDrive.getAsBoolean()) {
            drive(id);
        }
    }

    private void drive(long id) {
        if (closing || !driving.add(id)) {
            return;
        }
        try {
            threads.submit(() -> {
                try {
                    new RolloutDriver(this, id).run();
                } catch (RuntimeException e) {
                    LOG.error("The driver of rollout {} stopped on an unexpected error; it resumes at the next look", id, e);
                } finally {
                    driving.remove(id);
                    changed();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            driving.remove(id);
        }
    }

    /**
     * Runs a store's part of a rollout on the rollout threads. The change is told once the returned
     * future is done, not from inside the work: a driver woken by it must find the future done, or
     * it would wait a whole look-again (a second) before starting the next store.
     */
    java.util.concurrent.Future<?> submit(Runnable work) {
        java.util.concurrent.CompletableFuture<Void> done = java.util.concurrent.CompletableFuture.runAsync(work, threads);
        done.whenComplete((ok, error) -> changed());
        return done;
    }

    boolean closing() {
        return closing || !mayDrive.getAsBoolean();
    }

    boolean mayDrive() {
        return mayDrive.getAsBoolean();
    }

    /** The change count now: pass it to {@link #awaitChange} to wait for the next change after it. */
    long changeMark() {
        synchronized (changes) {
            return changeCount;
        }
    }

    /** Waits until something changed after {@code mark}, or {@code millis} passed, or the service closes. */
    void awaitChange(long mark, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis));
        synchronized (changes) {
            while (changeCount == mark && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(changes, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void changed() {
        synchronized (changes) {
            changeCount++;
            changes.notifyAll();
        }
    }

    /** Tells the listeners about the rollout as it is now. */
    void tell(long id) {
        if (!listeners.isEmpty()) {
            repository.find(id).ifPresent(this::tell);
        }
    }

    private void tell(Recorded r) {
        Rollout shown = r.rollout();
        for (Consumer<Rollout> listener : listeners) {
            try {
                listener.accept(shown);
            } catch (RuntimeException e) {
                LOG.warn("A rollout listener failed; the rollout goes on", e);
            }
        }
    }

    /**
     * The version of the chart this console installs for {@code type}, null while it cannot tell:
     * the one place the rollouts ask (StoreService.bundledCharts, built on the preview branch).
     */
    ChartVersion bundledChart(StoreType type) {
        try {
            Map<StoreType, ChartVersion> charts = stores.bundledCharts();
            return charts == null ? null : charts.get(type);
        } catch (UnsupportedOperationException notYet) {
            return null;
        }
    }

    /**
     * Whether the store's deployed revision already carries every value in {@code values}; false
     * when that cannot be read (the store is then upgraded, which converges).
     */
    boolean hasValues(dev.storefleet.domain.Store store, Map<String, Object> values) {
        try {
            return stores.deployedValues(store).map(deployed -> RolloutPlans.holds(deployed, values)).orElse(false);
        } catch (StoreException e) {
            LOG.info("Could not read the values of store {}; it is upgraded: {}", store.id(), e.getMessage());
            return false;
        }
    }

    /** A store's audit row of the rollout. */
    AuditEvent records(ActionType action, dev.storefleet.domain.Store store, String actor, String detail) {
        return AuditEvent.of(clock.instant(), action, Outcome.SUCCESS, store, actor, StoreService.clip(detail, StoreService.MAX_DETAIL));
    }

    /** A rollout-level audit row (no store), written after the change it tells of. */
    void append(ActionType action, Outcome outcome, String actor, String detail) {
        append(new AuditEvent(null, clock.instant(), action, outcome, null, null, actor,
                StoreService.clip(detail, StoreService.MAX_DETAIL), null));
    }

    void append(AuditEvent event) {
        try {
            audit.append(event);
        } catch (StorageException e) {
            LOG.error("Could not audit {} of a rollout", event.action(), e);
        }
    }

    private static String describe(Recorded r) {
        RolloutPlan p = r.plan();
        long skipped = r.steps().stream().filter(s -> s.status() == dev.storefleet.domain.RolloutStoreStatus.SKIPPED).count();
        return r.steps().size() + " store(s) in " + r.waveCount() + " wave(s) (canary " + p.canary() + ", waves "
                + p.waves() + ", " + p.maxInFlight() + " at once, verification " + (p.verify() ? "on" : "off") + ", gate "
                + p.gateTimeout().toSeconds() + " s" + (p.keepFailed() ? ", failed store kept" : "")
                + (p.backupFirst() ? ", a backup of each store first" : "") + "); target: "
                + (p.chartVersion() == null ? "the bundled chart" : "chart " + p.chartVersion())
                + (p.values().isEmpty() ? "" : " with values " + p.values().keySet())
                + (skipped == 0 ? "" : "; " + skipped + " already at the target, skipped");
    }

    /** Stops the drivers: stores in flight keep their recorded step, which the next start takes up. */
    @Override
    public void close() {
        closing = true;
        changed();
        unsubscribe.run();
        // Not shutdownNow: an interrupt must never land inside a database call; a look in progress
        // is waited for, so none runs against a database being closed (or reopens its file).
        poller.shutdown();
        threads.shutdown();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.info("Rollout threads still waiting on a store at close; their steps resume at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
