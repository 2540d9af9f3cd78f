package dev.storefleet.service;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.service.port.StoreOrders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stores' own APIs played in memory, for service and view-model tests: each store keeps its
 * orders (newest first, ids unique across stores: o-1, o-2, …; 12.00 USD a piece). A failure can
 * be injected for the next call, the order list can hide what was placed, and the calls for one
 * store can be held until the test releases them (a slow store).
 */
public final class FakeStoreOrders implements StoreOrders {
    /** Every call, in order: "place Shop x3", "list Shop". */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** The thread each call ran on. */
    public final List<String> threads = new CopyOnWriteArrayList<>();
    /** Thrown (once) by the next place or list. */
    public volatile RuntimeException failNext;
    /** The order list leaves out every order (the store "loses" them). */
    public volatile boolean hideFromList;
    private final Map<Long, List<Order>> orders = new HashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private int placed;

    /** Calls for the store named {@code storeName} wait until the returned latch is counted down. */
    public CountDownLatch hold(String storeName) {
        CountDownLatch latch = new CountDownLatch(1);
        held.put(storeName, latch);
        return latch;
    }

    @Override
    public Order placeTestOrder(Store store, int quantity) {
        enter(store, "place " + store.name() + (quantity == 1 ? "" : " x" + quantity));
        synchronized (this) {
            placed++;
            Order o = new Order("o-" + placed, "#" + (999 + placed), "pending",
                    String.format(java.util.Locale.ROOT, "%d.00", 12 * quantity), "USD", Instant.now());
            orders.computeIfAbsent(store.id(), id -> new ArrayList<>()).add(0, o);
            return o;
        }
    }

    @Override
    public List<Order> listOrders(Store store, int limit) {
        enter(store, "list " + store.name());
        synchronized (this) {
            List<Order> list = hideFromList ? List.of() : orders.getOrDefault(store.id(), List.of());
            return List.copyOf(list.subList(0, Math.min(limit, list.size())));
        }
    }

    @Override
    public synchronized Order getOrder(Store store, String orderId) {
        return orders.getOrDefault(store.id(), List.of()).stream().filter(o -> o.id().equals(orderId)).findFirst()
                .orElseThrow(() -> new StoreApiException(Step.NOT_FOUND, "no order " + orderId));
    }

    /** Records the call, waits while the store is held (never under the lock), throws an injected failure. */
    private void enter(Store store, String call) {
        calls.add(call);
        threads.add(Thread.currentThread().getName());
        CountDownLatch latch = held.get(store.name());
        if (latch != null) {
            try {
                if (!latch.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("store '" + store.name() + "' was held for 30 s and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }
}
