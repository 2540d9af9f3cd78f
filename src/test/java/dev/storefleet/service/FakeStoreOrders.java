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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test implementation of the stores' own APIs, for tests that are not about them (the real
 * WooCommerce and Medusa clients are tested against real stores): each store keeps its orders,
 * newest first. It records every call, fails the next one on demand, can hold placements until
 * released, and counts calls for one store that overlapped.
 */
public final class FakeStoreOrders implements StoreOrders {
    /** Every call, as {@code "place <store>[ xN]"}, {@code "list <store>"}, {@code "get <store> <id>"}. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** The next call of any kind throws this (once). */
    public volatile RuntimeException failNext;
    /** Placed orders stay out of the store's list (a store that loses them). */
    public volatile boolean hideFromList;

    private final Map<String, List<Order>> orders = new HashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final OverlapDetector overlaps = new OverlapDetector();
    private final Semaphore placementsWaiting = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** Placements from now on wait (up to 30 s) until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Waits until a placement has arrived and is held. */
    public boolean awaitPlacementHeld() throws InterruptedException {
        return placementsWaiting.tryAcquire(30, TimeUnit.SECONDS);
    }

    /** Calls for one store that were inside at the same time. */
    public int overlaps() {
        return overlaps.overlaps();
    }

    /** Forgets orders, calls and planned failures, and releases any held placement. */
    public synchronized void reset() {
        release();
        orders.clear();
        calls.clear();
        failNext = null;
        hideFromList = false;
        placementsWaiting.drainPermits();
    }

    @Override
    public Order placeTestOrder(Store store, int quantity) {
        try (AutoCloseable inside = overlaps.enter(store.name())) {
            calls.add("place " + store.name() + (quantity == 1 ? "" : " x" + quantity));
            CountDownLatch held = gate;
            if (held.getCount() > 0) {
                placementsWaiting.release();
                if (!held.await(30, TimeUnit.SECONDS)) {
                    throw new StoreApiException(Step.TIMEOUT, "held placement was never released");
                }
            }
            failIfAsked();
            synchronized (this) {
                int n = nextId.getAndIncrement();
                Order order = new Order("o-" + n, "#" + (999 + n), "pending", "24.00", "USD", Instant.now());
                ordersOf(store).add(0, order);
                return order;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreApiException(Step.TIMEOUT, "interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Order> listOrders(Store store, int limit) {
        calls.add("list " + store.name());
        failIfAsked();
        synchronized (this) {
            List<Order> mine = ordersOf(store);
            return hideFromList ? List.of() : List.copyOf(mine.subList(0, Math.min(limit, mine.size())));
        }
    }

    @Override
    public Order getOrder(Store store, String orderId) {
        calls.add("get " + store.name() + " " + orderId);
        failIfAsked();
        synchronized (this) {
            return ordersOf(store).stream().filter(o -> o.id().equals(orderId)).findFirst()
                    .orElseThrow(() -> new StoreApiException(Step.NOT_FOUND, "Store '" + store.name()
                            + "', reading order " + orderId + ": HTTP 404."));
        }
    }

    private void failIfAsked() {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }

    private List<Order> ordersOf(Store store) {
        return orders.computeIfAbsent(store.name(), name -> new ArrayList<>());
    }
}
