package dev.storefleet.service;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.port.StoreOrders;
import dev.storefleet.service.port.StoreRepository;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders on READY stores: place a test order, list and get orders, and verify a store end to end
 * (a test order placed and found again in its order list, with the result kept on the store).
 *
 * <p>Every placement is audited as ORDER_PLACED: SUCCESS with the order, FAILURE with the step that
 * failed in words, REJECTED when the store is not READY. Calls that reach a store block the caller
 * for at most the adapter's timeouts: views run them on a background task; {@link #verify} runs on
 * the {@link StoreWorkQueue}, so it never overlaps an upgrade or a delete of the same store.
 * The headless API's endpoints map one to one onto the public methods here.
 */
public final class OrderService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
    /** Most orders a list asks a store for. */
    public static final int MAX_LIST = 100;
    /** Most pieces a test order may ask for: it is a probe, not a stock-taking. */
    public static final int MAX_QUANTITY = 10;

    private final StoreRepository stores;
    private final StoreOrders api;
    private final AuditService audit;
    private final StoreWorkQueue executor;
    private final StoreEvents events;
    private final Clock clock;

    public OrderService(StoreRepository stores, StoreOrders api, AuditService audit, StoreWorkQueue executor,
            StoreEvents events, Clock clock) {
        this.stores = Objects.requireNonNull(stores);
        this.api = Objects.requireNonNull(api);
        this.audit = Objects.requireNonNull(audit);
        this.executor = Objects.requireNonNull(executor);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Places a test order of one piece on a READY store; see {@link #placeTestOrder(long, int, String)}. */
    public Order placeTestOrder(long storeId, String actor) {
        return placeTestOrder(storeId, 1, actor);
    }

    /**
     * Places a test order of {@code quantity} pieces (1 to {@value #MAX_QUANTITY}) on a READY store
     * and audits it (who, store, order id, or the error).
     */
    public Order placeTestOrder(long storeId, int quantity, String actor) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw ValidationException.of("quantity", "A test order takes 1 to " + MAX_QUANTITY + " pieces; "
                    + quantity + " is outside that.");
        }
        Store store = readyStore(storeId, actor, ActionType.ORDER_PLACED, "place a test order");
        return placeAudited(store, quantity, actor, "test order");
    }

    /** The store's newest orders, at most {@code limit} (1 to {@value #MAX_LIST}). */
    public List<Order> listOrders(long storeId, int limit) {
        Store store = find(storeId);
        store.requireReadyFor("list orders");
        return api.listOrders(store, Math.max(1, Math.min(limit, MAX_LIST)));
    }

    public Order getOrder(long storeId, String orderId) {
        Store store = find(storeId);
        store.requireReadyFor("read an order");
        if (orderId == null || orderId.isBlank()) {
            throw ValidationException.of("orderId", "Give the id of the order to read.");
        }
        return api.getOrder(store, orderId.strip());
    }

    /**
     * Queues an end-to-end check of a READY store on the StoreWorkQueue: a test order is
     * placed through the store's API and looked for in its order list; the result, its time and
     * which step failed (if one did) are recorded on the store. The future completes with the
     * result, also when the check failed (a failed check is a result, not an error); it completes
     * exceptionally only when the store was deleted or stopped being READY before the check ran.
     */
    public CompletableFuture<Verification> verify(long storeId, String actor) {
        readyStore(storeId, actor, ActionType.STORE_VERIFIED, "verify the store");
        CompletableFuture<Verification> result = new CompletableFuture<>();
        executor.submit(storeId, "verify", () -> {
            try {
                result.complete(runVerify(storeId, actor));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }).whenComplete((ok, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (!result.isDone()) {
                result.cancel(false);
            }
        });
        return result;
    }

    private Verification runVerify(long storeId, String actor) {
        // It may have left READY while the check waited its turn: refused, and audited as such.
        Store store = readyStore(storeId, actor, ActionType.STORE_VERIFIED, "verify the store");
        events.progress(storeId, "Verifying: placing a test order on store '" + store.name() + "'");
        long started = System.nanoTime();
        boolean ok;
        String detail;
        try {
            Order placed = placeAudited(store, 1, actor, "verification order");
            events.progress(storeId, "Verifying: looking for order " + placed.number() + " in the store's order list");
            List<Order> listed = api.listOrders(store, 20);
            if (listed.stream().noneMatch(o -> o.id().equals(placed.id()))) {
                throw new StoreApiException(StoreApiException.Step.NOT_LISTED, "Order " + placed.number() + " (id "
                        + placed.id() + ") was placed on store '" + store.name() + "' but its newest "
                        + listed.size() + " orders do not include it.");
            }
            ok = true;
            detail = "order " + placed.number() + " (id " + placed.id() + ") placed and listed";
        } catch (StoreApiException e) {
            ok = false;
            detail = "failed at step '" + e.step().name().toLowerCase(java.util.Locale.ROOT) + "' ("
                    + e.step().words() + "): " + e.getMessage();
        } catch (StoreException e) {
            ok = false;
            detail = e.getMessage();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // microseconds: what the database keeps, so the result returned equals the one read back
        Verification verification = new Verification(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ok, millis,
                StoreService.clip(detail, StoreService.MAX_DETAIL));
        boolean passed = ok;
        try {
            StoreRepository.Recorded recorded = stores.update(storeId, s -> s.verified(verification),
                    s -> AuditEvent.of(clock.instant(), ActionType.STORE_VERIFIED,
                            passed ? Outcome.SUCCESS : Outcome.FAILURE, s, actor, verification.detail())
                            .withDuration(millis));
            events.audited(recorded.audit());
            events.storeChanged(recorded.store());
        } catch (StoreNotFoundException e) {
            LOG.info("Store {} was deleted while it was verified", storeId);
        } catch (StorageException e) {
            LOG.error("Could not record the verification of store {}", storeId, e);
        }
        return verification;
    }

    /** Places an order and writes its ORDER_PLACED row, whatever happens; rethrows the failure. */
    private Order placeAudited(Store store, int quantity, String actor, String what) {
        long started = System.nanoTime();
        try {
            Order order = api.placeTestOrder(store, quantity);
            append(AuditEvent.of(clock.instant(), ActionType.ORDER_PLACED, Outcome.SUCCESS, store, actor,
                    what + " " + order.number() + " (id " + order.id() + ", " + order.status() + ", total "
                            + order.total() + (order.currency() == null ? "" : " " + order.currency()) + ")")
                    .withDuration(elapsed(started)));
            return order;
        } catch (StoreException e) {
            append(AuditEvent.of(clock.instant(), ActionType.ORDER_PLACED, Outcome.FAILURE, store, actor,
                    StoreService.clip(what + " failed: " + e.getMessage(), StoreService.MAX_DETAIL))
                    .withDuration(elapsed(started)));
            throw e;
        } catch (RuntimeException e) {
            append(AuditEvent.of(clock.instant(), ActionType.ORDER_PLACED, Outcome.FAILURE, store, actor,
                    StoreService.clip(what + " failed unexpectedly: " + e, StoreService.MAX_DETAIL))
                    .withDuration(elapsed(started)));
            throw e;
        }
    }

    /** The store, if it is READY; a refusal is audited as REJECTED. */
    private Store readyStore(long storeId, String actor, ActionType audited, String action) {
        Store store = find(storeId);
        try {
            store.requireReadyFor(action);
            return store;
        } catch (StoreException e) {
            append(AuditEvent.of(clock.instant(), audited, Outcome.REJECTED, store, actor,
                    e.getMessage()));
            throw e;
        }
    }

    private Store find(long storeId) {
        return stores.find(storeId).orElseThrow(() -> new StoreNotFoundException(storeId));
    }

    private void append(AuditEvent event) {
        try {
            audit.append(event);
        } catch (StorageException e) {
            LOG.error("Could not audit {} on store {}", event.action(), event.storeId(), e);
        }
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
