package dev.storefleet.service;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNotFoundException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Waits, without a thread, for a store's running operation to end: the future completes with the
 * store as it settled (READY, FAILED, SUSPENDED…), or fails when the store was removed.
 */
final class StoreSettling {
    private final StoreService stores;
    private final StoreEvents events;

    StoreSettling(StoreService stores, StoreEvents events) {
        this.stores = Objects.requireNonNull(stores);
        this.events = Objects.requireNonNull(events);
    }

    CompletableFuture<Store> settled(long storeId) {
        CompletableFuture<Store> settled = new CompletableFuture<>();
        Runnable unsubscribe = events.subscribe(new StoreEvents.Listener() {
            @Override
            public void storeChanged(Store store) {
                if (store.id() == storeId && !store.status().isTransitional()) {
                    settled.complete(store);
                }
            }

            @Override
            public void storeRemoved(long id) {
                if (id == storeId) {
                    settled.completeExceptionally(new StoreNotFoundException(storeId));
                }
            }
        });
        settled.whenComplete((store, error) -> unsubscribe.run());
        // Subscribed first, then read: a change between the two is not missed.
        try {
            Store now = stores.get(storeId);
            if (!now.status().isTransitional()) {
                settled.complete(now);
            }
        } catch (RuntimeException e) {
            settled.completeExceptionally(e);
        }
        return settled;
    }
}
