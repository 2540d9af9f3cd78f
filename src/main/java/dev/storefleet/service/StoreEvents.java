package dev.storefleet.service;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.service.port.FleetWatch;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App-wide notifications from the services (store changed or removed, progress of a step,
 * audit row written, a READY store's health). Listeners are called on the thread that did the work; a UI listener
 * hops to its own thread. A failing listener is logged and never breaks the work.
 */
public final class StoreEvents {
    private static final Logger LOG = LoggerFactory.getLogger(StoreEvents.class);

    /** Receives service events; every method has a no-op default. */
    public interface Listener {
        default void storeChanged(Store store) {
        }

        default void storeRemoved(long storeId) {
        }

        default void progress(long storeId, String step) {
        }

        default void audited(AuditEvent event) {
        }

        /** A READY store's health changed; null when the store has no health any more (not READY). */
        default void healthChanged(long storeId, StoreHealth health) {
        }

        /** The fleet watch started seeing the cluster, re-lists, or lost it. */
        default void fleetWatchChanged(FleetWatch.WatchStatus status) {
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void storeChanged(Store store) {
        each(l -> l.storeChanged(store));
    }

    void storeRemoved(long storeId) {
        each(l -> l.storeRemoved(storeId));
    }

    void progress(long storeId, String step) {
        each(l -> l.progress(storeId, step));
    }

    void audited(AuditEvent event) {
        each(l -> l.audited(event));
    }

    void healthChanged(long storeId, StoreHealth health) {
        each(l -> l.healthChanged(storeId, health));
    }

    void fleetWatchChanged(FleetWatch.WatchStatus status) {
        each(l -> l.fleetWatchChanged(status));
    }

    private void each(java.util.function.Consumer<Listener> call) {
        for (Listener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("A store event listener failed; the operation goes on", e);
            }
        }
    }
}
