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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The stores' own APIs played in memory, for tests that are not about them (the real WooCommerce
 * and Medusa clients are tested against a real Medusa and a WooCommerce stand-in): each store
 * keeps its orders, newest first, ids unique across stores (o-1, o-2, …), 12.00 USD a piece.
 * It records every call and its thread, fails the next call on demand, can hide what was placed
 * from the list, can hold calls (all placements, or every call for one store: a slow store) until
 * the test releases them, and counts calls for one store that overlapped.
 */
public final class FakeStoreOrders implements StoreOrders {
    /** Every call, in order: {@code "place Shop x3"}, {@code "list Shop"}, {@code "get Shop o-1"}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** The thread each call ran on. */
    public final List<String> threads = new CopyOnWriteArrayList<>();
    /** The next call of any kind throws this (once). */
    public volatile RuntimeException failNext;
    /** Placed orders stay out of the store's list (a store that loses them). */
    public volatile boolean hideFromList;

    private final Map<Long, List<Order>> orders = new HashMap<>();
    private final Map<String, CountDownLatch> heldStores = new ConcurrentHashMap<>();
    private final OverlapDetector overlaps = new OverlapDetector();
    private final Semaphore placementsWaiting = new Semaphore(0);
    private volatile CountDownLatch placementGate = new CountDownLatch(0);
    private int placed;

    /** Placements from now on wait (up to 30 s) until {@link #release()}. */
    public void hold() {
        placementGate = new CountDownLatch(1);
    }

    public void release() {
        placementGate.countDown();
    }

    /** Waits until a placement has arrived and is held by {@link #hold()}. */
    public boolean awaitPlacementHeld() throws InterruptedException {
        return placementsWaiting.tryAcquire(30, TimeUnit.SECONDS);
    }

    /** Every call for the store named {@code storeName} waits until the returned latch is counted down. */
    public CountDownLatch hold(String storeName) {
        CountDownLatch latch = new CountDownLatch(1);
        heldStores.put(storeName, latch);
        return latch;
    }

    /** Calls for one store that were inside at the same time. */
    public int overlaps() {
        return overlaps.overlaps();
    }

    /** Forgets orders, calls and planned failures, and releases anything held. */
    public synchronized void reset() {
        release();
        heldStores.values().forEach(CountDownLatch::countDown);
        heldStores.clear();
        orders.clear();
        calls.clear();
        threads.clear();
        failNext = null;
        hideFromList = false;
        placementsWaiting.drainPermits();
    }

    @Override
    public Order placeTestOrder(Store store, int quantity) {
        try (AutoCloseable inside = overlaps.enter(store.name())) {
            enter(store, "place " + store.name() + (quantity == 1 ? "" : " x" + quantity));
            CountDownLatch gate = placementGate;
            if (gate.getCount() > 0) {
                placementsWaiting.release();
                await(gate, "placement");
            }
            failIfAsked();
            synchronized (this) {
                placed++;
                Order order = new Order("o-" + placed, "#" + (999 + placed), "pending",
                        String.format(Locale.ROOT, "%d.00", 12 * quantity), "USD", Instant.now());
                orders.computeIfAbsent(store.id(), id -> new ArrayList<>()).add(0, order);
                return order;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Order> listOrders(Store store, int limit) {
        enter(store, "list " + store.name());
        failIfAsked();
        synchronized (this) {
            List<Order> list = hideFromList ? List.of() : orders.getOrDefault(store.id(), List.of());
            return List.copyOf(list.subList(0, Math.min(limit, list.size())));
        }
    }

    @Override
    public Order getOrder(Store store, String orderId) {
        enter(store, "get " + store.name() + " " + orderId);
        failIfAsked();
        synchronized (this) {
            return orders.getOrDefault(store.id(), List.of()).stream().filter(o -> o.id().equals(orderId))
                    .findFirst().orElseThrow(() -> new StoreApiException(Step.NOT_FOUND, "Store '" + store.name()
                            + "', reading order " + orderId + ": HTTP 404."));
        }
    }

    /** Records the call and waits while its store is held (never under the lock). */
    private void enter(Store store, String call) {
        calls.add(call);
        threads.add(Thread.currentThread().getName());
        CountDownLatch latch = heldStores.get(store.name());
        if (latch != null) {
            await(latch, "store '" + store.name() + "'");
        }
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new StoreApiException(Step.TIMEOUT, what + " was held for 30 s and never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreApiException(Step.TIMEOUT, what + ": interrupted", e);
        }
    }

    private void failIfAsked() {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }
}
