package dev.storefleet.api;

import static dev.storefleet.api.ApiRequest.intParam;
import static dev.storefleet.api.Role.OPERATOR;
import static dev.storefleet.api.Role.VIEWER;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.StoreException;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.StoreService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Orders through the stores' own APIs, one handler per use case of {@link OrderService}: a test
 * order ({@code POST /api/orders}), a store's orders ({@code GET /api/stores/{id}/orders}, one by
 * id), and the end-to-end check ({@code POST /api/stores/{id}/verify}).
 *
 * <p>A check runs on the provisioning executor behind the store's other operations and takes as long
 * as two calls to the store (each bounded by the store API's timeouts). The request waits for it up
 * to {@code ?wait=} seconds and answers 200 with the result; if it has not finished by then, 202 with
 * a {@code Location} to poll ({@code GET /api/stores/{id}/verification}), which says {@code running}
 * until the result is there. What is running is known here, per store, for checks asked through this
 * server (in headless mode, all of them: one console uses a data directory at a time).
 */
final class OrderRoutes {
    static final int DEFAULT_LIST_LIMIT = 20;
    static final int DEFAULT_WAIT_SECONDS = 20;
    static final int MAX_WAIT_SECONDS = 60;

    private final OrderService orders;
    private final StoreService stores;
    private final Clock clock;
    /**
     * Requests that may wait for a check at once: half the server's workers, so checks of slow
     * stores never hold every worker and stall the other routes; past that, 202 at once.
     */
    static final int MAX_WAITING = ApiServer.THREADS / 2;
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    /** Per store, how many checks asked through the API are queued or running. */
    private final Map<Long, Integer> pending = new ConcurrentHashMap<>();
    /** Per store, the last check that could not run, and why (the store left READY before its turn). */
    private final Map<Long, Cancelled> cancelled = new ConcurrentHashMap<>();

    private record Cancelled(Instant at, String reason) {
    }

    OrderRoutes(OrderService orders, StoreService stores, Clock clock) {
        this.orders = Objects.requireNonNull(orders);
        this.stores = Objects.requireNonNull(stores);
        this.clock = Objects.requireNonNull(clock);
    }

    void addTo(Router router) {
        router.add("POST", "/api/orders", OPERATOR, "Placing a test order", this::place)
                .add("GET", "/api/stores/{id}/orders", VIEWER, "Listing a store's orders", this::list)
                .add("GET", "/api/stores/{id}/orders/{orderId}", VIEWER, "Reading an order", request -> ApiResponse.ok(
                        OrderView.of(request.id(), orders.getOrder(request.id(), request.pathParam("orderId")))))
                .add("POST", "/api/stores/{id}/verify", OPERATOR, "Verifying a store", this::verify)
                .add("GET", "/api/stores/{id}/verification", VIEWER, "Reading a store's last verification",
                        this::verification);
    }

    private ApiResponse place(ApiRequest request) {
        PlaceOrderBody body = request.body(PlaceOrderBody.class);
        long storeId = body.requiredStoreId();
        Order order = orders.placeTestOrder(storeId, body.quantityOrDefault(), request.actor());
        return ApiResponse.created(OrderView.of(storeId, order), orderPath(storeId, order.id()));
    }

    /** {@code ?limit=1..100} (default 20), newest first. */
    private ApiResponse list(ApiRequest request) {
        long storeId = request.id();
        int limit = intParam(request.query(Set.of("limit")), "limit", DEFAULT_LIST_LIMIT, 1, OrderService.MAX_LIST);
        return ApiResponse.ok(orders.listOrders(storeId, limit).stream().map(o -> OrderView.of(storeId, o)).toList());
    }

    /** {@code ?wait=0..60} seconds (default 20): how long to wait for the result before answering 202. */
    private ApiResponse verify(ApiRequest request) {
        long storeId = request.id();
        int wait = intParam(request.query(Set.of("wait")), "wait", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        CompletableFuture<Verification> check = tracked(storeId, orders.verify(storeId, request.actor()));
        boolean mayWait = wait > 0 && waiting.tryAcquire();
        try {
            return ApiResponse.ok(VerificationView.of(check.get(mayWait ? wait : 0, TimeUnit.SECONDS)));
        } catch (TimeoutException e) {
            return stillRunning(storeId);
        } catch (InterruptedException e) { // the server is stopping; the check goes on or is cancelled with it
            Thread.currentThread().interrupt();
            return stillRunning(storeId);
        } catch (CancellationException e) {
            throw stopping();
        } catch (ExecutionException e) {
            Throwable cause = unwrapped(e.getCause());
            if (cause instanceof RejectedExecutionException) {
                throw stopping();
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException("verifying store " + storeId, cause);
        } finally {
            if (mayWait) {
                waiting.release();
            }
        }
    }

    /** The last check of the store, or {@code running} while one asked through the API is queued or running. */
    private ApiResponse verification(ApiRequest request) {
        long storeId = request.id();
        boolean running = pending.containsKey(storeId); // before reading the store: a check records its result first
        var store = stores.get(storeId);
        if (running) {
            return ApiResponse.ok(VerificationView.running(runningDetail(storeId)));
        }
        Verification last = store.lastVerification();
        Cancelled dropped = cancelled.get(storeId);
        if (dropped != null && (last == null || dropped.at().isAfter(last.at()))) {
            return ApiResponse.ok(VerificationView.cancelled(dropped.reason()));
        }
        return ApiResponse.ok(last == null ? VerificationView.none() : VerificationView.of(last));
    }

    private CompletableFuture<Verification> tracked(long storeId, CompletableFuture<Verification> check) {
        pending.merge(storeId, 1, Integer::sum);
        check.whenComplete((result, error) -> {
            if (error != null) { // recorded before the check stops counting as running
                cancelled.put(storeId, new Cancelled(clock.instant(), reason(error)));
            }
            pending.computeIfPresent(storeId, (id, count) -> count == 1 ? null : count - 1);
        });
        return check;
    }

    private static ApiResponse stillRunning(long storeId) {
        return ApiResponse.accepted(VerificationView.running(runningDetail(storeId)), verificationPath(storeId));
    }

    private static String runningDetail(long storeId) {
        return "The check is queued behind the store's other operations or still running; GET "
                + verificationPath(storeId) + " until its state is passed or failed.";
    }

    private static String reason(Throwable error) {
        Throwable cause = unwrapped(error);
        if (cause instanceof StoreException e) {
            return e.getMessage();
        }
        if (cause instanceof CancellationException || cause instanceof RejectedExecutionException) {
            return stopping().getMessage();
        }
        return "The check failed unexpectedly; the details are in the server log.";
    }

    private static Throwable unwrapped(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static ApiException stopping() {
        return new ApiException(503, "unavailable", "The check was cancelled because the console is stopping;"
                + " verify again once it is back.");
    }

    static String verificationPath(long storeId) {
        return "/api/stores/" + storeId + "/verification";
    }

    static String orderPath(long storeId, String orderId) {
        return "/api/stores/" + storeId + "/orders/" + pathSegment(orderId);
    }

    /** The order id as one path segment, whatever characters a store puts in it. */
    private static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
