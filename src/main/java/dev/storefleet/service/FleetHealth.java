package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreHealth.State;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.service.port.FleetWatch.NamespaceHealth;
import dev.storefleet.service.port.FleetWatch.WatchStatus;
import dev.storefleet.service.port.StoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every READY store, judged from the fleet watch: healthy, degraded (with what and
 * why), gone (drift: namespace or release removed outside the console) or unknown (the watch does
 * not see the cluster; never healthy by default).
 *
 * <p>A change of health is audited once per change of state, never once per pod event: the new
 * state must hold for {@link #AUDIT_SETTLE} (a pod restarting in a rolling moment is not an
 * incident), and passing through unknown is not a change (a network blip is not audited 1,000
 * times). The last audited state of each store is read back from the audit log at start, so a
 * restart does not audit again what was already audited.
 *
 * <p>All state is guarded by this object's lock; the watch's thread, the services' threads and
 * the audit timer call in.
 */
public final class FleetHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetHealth.class);
    /** How long a new state must hold before it is audited. */
    public static final Duration AUDIT_SETTLE = Duration.ofSeconds(2);
    /** Most problems named in one reason; the rest are counted. */
    static final int MAX_PROBLEMS_NAMED = 3;
    private static final Pattern AUDITED_STATE = Pattern.compile("^(healthy|degraded|gone)\\b");

    private final StoreRepository stores;
    private final FleetWatch watch;
    private final AuditService audit;
    private final StoreEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-health-audit");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, NamespaceHealth> namespaces = new HashMap<>();
    private final Map<Long, Store> readyStores = new HashMap<>();
    private final Map<Long, StoreHealth> health = new HashMap<>();
    /** Last state written to the audit log per store (absent: healthy, as every store starts READY). */
    private final Map<Long, State> audited = new HashMap<>();
    private WatchStatus watchStatus = new WatchStatus(false, "the fleet watch has not started");
    private Runnable unsubscribe = () -> { };
    private boolean started;
    /** Whether this console writes the health changes it sees: on a shared database, the fleet's reconciler only. */
    private volatile BooleanSupplier auditing = () -> true;

    public FleetHealth(StoreRepository stores, FleetWatch watch, AuditService audit, StoreEvents events, Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        this.watch = Objects.requireNonNull(watch);
        this.audit = Objects.requireNonNull(audit);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Reads what was audited before, follows the stores' lifecycle and starts the watch. */
    public void start() {
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            try {
                for (AuditEvent row : audit.page(new AuditLog.AuditQuery(null, null, ActionType.HEALTH_CHANGED, 0,
                        100_000))) { // newest first: the first row of a store is its last audited state
                    Matcher m = AUDITED_STATE.matcher(row.detail() == null ? "" : row.detail());
                    if (row.storeId() != null && m.find()) {
                        audited.putIfAbsent(row.storeId(), State.ofCode(m.group(1)));
                    }
                }
            } catch (StorageException e) {
                LOG.warn("Could not read the health audited before; changes are audited from now on: {}",
                        e.getMessage());
            }
            // Subscribed before the stores are read, under this lock: a change committed meanwhile
            // is either in what findAll reads or in an event that waits for the lock and comes after.
            unsubscribe = events.subscribe(new StoreEvents.Listener() {
                @Override
                public void storeChanged(Store store) {
                    follow(store);
                }

                @Override
                public void storeRemoved(long storeId) {
                    forget(storeId);
                }

                @Override
                public void audited(AuditEvent event) {
                    noteAudited(event);
                }
            });
            stores.findAll().forEach(this::follow);
        }
        watch.start(new FleetWatch.Observer() {
            @Override
            public void namespace(NamespaceHealth seen) {
                observed(seen);
            }

            @Override
            public void connection(WatchStatus status) {
                connected(status);
            }
        });
    }

    /** The store's health; empty unless the store is READY. */
    public synchronized Optional<StoreHealth> of(long storeId) {
        return Optional.ofNullable(health.get(storeId));
    }

    /** Every READY store's health, by store id. */
    public synchronized Map<Long, StoreHealth> all() {
        return Map.copyOf(health);
    }

    /** How many READY stores are in each state (every state present, zero or more). */
    public synchronized Map<State, Long> counts() {
        Map<State, Long> counts = new EnumMap<>(State.class);
        for (State s : State.values()) {
            counts.put(s, 0L);
        }
        health.values().forEach(h -> counts.merge(h.state(), 1L, Long::sum));
        return counts;
    }

    public synchronized WatchStatus watchStatus() {
        return watchStatus;
    }

    @Override
    public void close() {
        unsubscribe.run();
        timer.shutdownNow();
        watch.close();
    }

    // ---- what comes in --------------------------------------------------------------------

    private synchronized void follow(Store store) {
        if (store.id() == null) {
            return;
        }
        if (store.status() == StoreStatus.READY) {
            readyStores.put(store.id(), store);
            judge(store);
        } else if (readyStores.remove(store.id()) != null) {
            health.remove(store.id());
            events.healthChanged(store.id(), null);
        }
    }

    private synchronized void forget(long storeId) {
        readyStores.remove(storeId);
        audited.remove(storeId);
        if (health.remove(storeId) != null) {
            events.healthChanged(storeId, null);
        }
    }

    private synchronized void observed(NamespaceHealth seen) {
        if (seen.exists()) {
            namespaces.put(seen.namespace(), seen);
        } else {
            namespaces.remove(seen.namespace());
        }
        for (Store store : readyStores.values()) {
            if (store.namespace().equals(seen.namespace())) {
                judge(store);
            }
        }
    }

    private synchronized void connected(WatchStatus status) {
        boolean changed = status.watching() != watchStatus.watching();
        watchStatus = status;
        LOG.info("Fleet watch: {}", status.words());
        events.fleetWatchChanged(status);
        if (changed || !status.watching()) {
            readyStores.values().forEach(this::judge);
        }
    }

    // ---- judging --------------------------------------------------------------------------

    private void judge(Store store) {
        Verdict verdict = verdict(store);
        StoreHealth before = health.get(store.id());
        StoreHealth now = before == null
                ? new StoreHealth(verdict.state(), verdict.reason(), clock.instant())
                : before.next(verdict.state(), verdict.reason(), clock.instant());
        if (now.equals(before)) {
            return;
        }
        health.put(store.id(), now);
        events.healthChanged(store.id(), now);
        if ((before == null || before.state() != now.state()) && !timer.isShutdown()) {
            long id = store.id();
            StoreHealth judged = now;
            timer.schedule(() -> auditIfSettled(id, judged), AUDIT_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private record Verdict(State state, String reason) {
    }

    private Verdict verdict(Store store) {
        if (!watchStatus.watching()) {
            return new Verdict(State.UNKNOWN, watchStatus.words());
        }
        NamespaceHealth ns = namespaces.get(store.namespace());
        if (ns == null) {
            return new Verdict(State.GONE, "namespace " + store.namespace()
                    + " is no longer on the cluster: it was deleted outside the console");
        }
        if (!ns.releases().contains(store.releaseName())) {
            return new Verdict(State.GONE, "release " + store.releaseName() + " has no workloads left in namespace "
                    + store.namespace() + ": it was removed outside the console (helm uninstall?)");
        }
        List<String> problems = ns.problems();
        if (problems.isEmpty()) {
            return new Verdict(State.HEALTHY, "");
        }
        String named = String.join("; ", problems.subList(0, Math.min(MAX_PROBLEMS_NAMED, problems.size())));
        int more = problems.size() - MAX_PROBLEMS_NAMED;
        return new Verdict(State.DEGRADED, more > 0 ? named + "; and " + more + " more" : named);
    }

    /**
     * On a shared database every console watches the fleet, but one writes what changed (or each
     * change would be audited once per console): the one {@code auditing} says, asked at each change.
     */
    public void auditOnlyWhile(BooleanSupplier auditing) {
        this.auditing = Objects.requireNonNull(auditing);
    }

    /** A health change audited here or, on a shared database, by another console. */
    private synchronized void noteAudited(AuditEvent event) {
        if (event.action() == ActionType.HEALTH_CHANGED && event.storeId() != null) {
            Matcher m = AUDITED_STATE.matcher(event.detail() == null ? "" : event.detail());
            if (m.find()) {
                audited.put(event.storeId(), State.ofCode(m.group(1)));
            }
        }
    }

    /** Audits the store's new state if it still holds and differs from the last one audited. */
    private synchronized void auditIfSettled(long storeId, StoreHealth judged) {
        if (!auditing.getAsBoolean()) {
            return;
        }
        StoreHealth current = health.get(storeId);
        Store store = readyStores.get(storeId);
        if (store == null || current == null || current.state() != judged.state()
                || current.state() == State.UNKNOWN) {
            return;
        }
        State before = audited.getOrDefault(storeId, State.HEALTHY);
        if (before == current.state()) {
            return;
        }
        String detail = current.state().code() + " (was " + before.code() + ")"
                + (current.reason().isEmpty() ? "" : ": " + current.reason());
        try {
            audit.append(AuditEvent.of(clock.instant(), ActionType.HEALTH_CHANGED,
                    current.state() == State.HEALTHY ? Outcome.SUCCESS : Outcome.FAILURE, store, StoreService.SYSTEM,
                    StoreService.clip(detail, StoreService.MAX_DETAIL)));
            audited.put(storeId, current.state());
        } catch (StorageException e) {
            LOG.error("Could not audit the health of store {}", storeId, e);
        }
    }
}
