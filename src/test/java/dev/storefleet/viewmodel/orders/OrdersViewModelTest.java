package dev.storefleet.viewmodel.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.orders.OrdersViewModel.VerificationState;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders panel's view-model without a toolkit, over the real services and a real H2 file, with
 * the stores' APIs played by {@link FakeStoreOrders}. Most tests run with direct executors; the
 * last ones give the view-model a real background pool and a single "FX" thread of their own, to
 * show that thread never waits on a store and that answers for a store no longer selected are dropped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrdersViewModelTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path dir;
    private final FakeStoreOrders api = new FakeStoreOrders();
    private ServiceFixture fx;
    private StoreTableViewModel table;
    private OrdersViewModel vm;
    private ExecutorService background;
    private ExecutorService fxThread;

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.dispose();
        }
        if (fx != null) {
            fx.close();
        }
        for (ExecutorService pool : new ExecutorService[] {background, fxThread}) {
            if (pool != null) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The services with a READY store per name (and a FAILED one named "Broken"), view-models on {@code executors}. */
    private void open(UiExecutors executors, String... readyStores) {
        fx = new ServiceFixture(dir, api);
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.create("Broken", "zoe");
        fx.settle(); // the injected failure must hit this store
        for (String name : readyStores) {
            fx.create(name, "owner-" + name.toLowerCase().replace(' ', '-'));
        }
        fx.settle();
        table = new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(), fx.app().health(), fx.app().events(),
                executors, "ops");
        vm = new OrdersViewModel(fx.app().orders(), fx.app().events(), table.selectedProperty(), executors, "ops", UTC);
    }

    private void openDirect(String... readyStores) {
        open(UiExecutors.direct(), readyStores);
        table.load().join();
    }

    private StoreRow select(String name) {
        StoreRow row = table.rows().stream().filter(r -> r.store().name().equals(name)).findFirst().orElseThrow();
        table.selectedProperty().set(row);
        return row;
    }

    /** The order numbers the panel shows, top to bottom. */
    private List<String> numbers() {
        return vm.rows().stream().map(OrderRow::number).toList();
    }

    private boolean refresh() {
        return vm.refreshCommand().executableProperty().get();
    }

    private boolean place() {
        return vm.placeOrderCommand().executableProperty().get();
    }

    private boolean verify() {
        return vm.verifyCommand().executableProperty().get();
    }

    // ---- with direct executors ---------------------------------------------------------------------

    @Test
    void commandsAreOnOnlyForAReadyStoreAndTheEmptyStatesSayWhy() {
        openDirect("Corner Shop");
        assertFalse(refresh() || place() || verify(), "no store selected");
        assertEquals("Select a store to see its orders.", vm.placeholderProperty().get());
        assertEquals("", vm.verificationTextProperty().get());

        select("Broken");
        assertFalse(refresh() || place() || verify(), "a failed store takes no orders");
        assertEquals("Orders are available once the store is READY; 'Broken' is failed.",
                vm.placeholderProperty().get());
        assertFalse(vm.readyProperty().get());
        assertTrue(api.calls.isEmpty(), "the store's API is not called for a store that is not READY");

        select("Corner Shop");
        assertEquals(List.of("list Corner Shop"), api.calls, "selecting a READY store reads its orders");
        assertTrue(refresh() && place() && verify());
        assertTrue(vm.rows().isEmpty());
        assertEquals("No orders yet. Place a test order to try the store end to end.", vm.placeholderProperty().get());
        assertEquals(VerificationState.NONE, vm.verificationStateProperty().get());
        assertTrue(vm.verificationTextProperty().get().startsWith("Not verified yet."));

        vm.quantityProperty().set(11);
        assertFalse(place(), "more than " + 10 + " pieces is not a test order");
        vm.quantityProperty().set(0);
        assertFalse(place());
        vm.quantityProperty().set(10);
        assertTrue(place());

        table.selectedProperty().set(null);
        assertFalse(refresh() || place() || verify());
        assertEquals("Select a store to see its orders.", vm.placeholderProperty().get());
    }

    @Test
    void aPlacedOrderShowsInTheListWithItsTotalAndIsAuditedAsTheOperator() {
        openDirect("Corner Shop");
        select("Corner Shop");
        vm.quantityProperty().set(3);
        vm.placeOrderCommand().execute().join();

        assertEquals(List.of("list Corner Shop", "place Corner Shop x3", "list Corner Shop"), api.calls);
        assertEquals(1, vm.rows().size());
        OrderRow row = vm.rows().get(0);
        assertEquals("#1000", row.number());
        assertEquals("pending", row.status());
        assertEquals("36.00 USD", row.total());
        assertTrue(row.created().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), row.created());
        assertEquals("Test order #1000 placed: 3 pieces, 36.00 USD, pending.",
                vm.noticeProperty().get());
        assertEquals("", vm.errorProperty().get());
        assertEquals("1 order", vm.countTextProperty().get());
        assertFalse(vm.busyProperty().get());
        assertTrue(place(), "on again once the order is placed");
        AuditEvent audited = fx.auditNewestFirst().get(0);
        assertEquals(ActionType.ORDER_PLACED, audited.action());
        assertEquals(Outcome.SUCCESS, audited.outcome());
        assertEquals("ops", audited.actor());
    }

    @Test
    void refreshReadsTheStoreAgain() {
        openDirect("Corner Shop");
        StoreRow row = select("Corner Shop");
        fx.app().orders().placeTestOrder(row.id(), "someone-else"); // an order the panel has not seen
        assertTrue(vm.rows().isEmpty());
        vm.refreshCommand().execute().join();
        assertEquals(List.of("#1000"), numbers());
        fx.app().orders().placeTestOrder(row.id(), 2, "someone-else");
        vm.refreshCommand().execute().join();
        assertEquals(List.of("#1001", "#1000"), numbers(), "newest first");
        assertEquals("2 orders", vm.countTextProperty().get());
    }

    @Test
    void verifyShowsTheResultTheStoreRecordedAndTheOrderItPlaced() {
        openDirect("Corner Shop");
        StoreRow row = select("Corner Shop");
        vm.verifyCommand().execute().join();

        assertEquals(VerificationState.PASSED, vm.verificationStateProperty().get());
        var recorded = fx.stores().get(row.id()).lastVerification();
        String text = vm.verificationTextProperty().get();
        assertTrue(text.startsWith("Passed on " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(UTC).format(recorded.at()) + ", took "), text);
        assertTrue(text.endsWith(": order #1000 (id o-1) placed and listed"), text);
        assertEquals(List.of("#1000"), numbers(),
                "the verification's order is in the list");
        assertEquals("Verification passed.", vm.noticeProperty().get());

        api.failNext = new StoreApiException(Step.UNREACHABLE, "Store 'Corner Shop' is not reachable at"
                + " http://corner-shop.local, and a port-forward to its Service failed: no pod.");
        vm.verifyCommand().execute().join();
        assertEquals(VerificationState.FAILED, vm.verificationStateProperty().get());
        assertTrue(vm.verificationTextProperty().get().startsWith("Failed on "), vm.verificationTextProperty().get());
        assertTrue(vm.verificationTextProperty().get().contains("the store could not be reached"),
                vm.verificationTextProperty().get());
        assertEquals("Verification failed: see the last verification above.", vm.noticeProperty().get());
        assertEquals("", vm.errorProperty().get(), "a failed check is a result, not an error");
    }

    @Test
    void failuresAreShownInWordsWithWhatToDoNext() {
        openDirect("Corner Shop");
        select("Corner Shop");

        api.failNext = new StoreApiException(Step.NO_PRODUCT, "WooCommerce store 'Corner Shop', looking for a product"
                + " in stock: no published product is in stock.");
        vm.placeOrderCommand().execute().join();
        assertEquals("The test order was not placed. WooCommerce store 'Corner Shop', looking for a product in stock:"
                + " no published product is in stock. Publish a product with a price and enough stock in the store's"
                + " admin, then try again.", vm.errorProperty().get());
        assertTrue(vm.rows().isEmpty());
        assertFalse(vm.errorInPlaceholderProperty().get(), "the list was read: it is empty, and the error is apart");
        assertTrue(place(), "the operator may try again");

        api.failNext = new StoreApiException(Step.TIMEOUT, "listing orders: http://corner-shop.local did not answer"
                + " within 30 s.");
        vm.refreshCommand().execute().join();
        assertEquals("The orders could not be read. listing orders: http://corner-shop.local did not answer within"
                + " 30 s. The store may be starting or overloaded: wait a minute and try again.",
                vm.errorProperty().get());
        assertTrue(vm.errorInPlaceholderProperty().get(), "no orders known: the empty table says what went wrong");
        assertEquals(vm.errorProperty().get(), vm.placeholderProperty().get());

        // Advice the adapter already gave is not doubled.
        api.failNext = new StoreApiException(Step.AUTH, "Medusa store 'Corner Shop', signing in: HTTP 401. Check the"
                + " store's Secret storefleet-store-api (re-run its setup with an upgrade if the keys changed).");
        vm.refreshCommand().execute().join();
        assertTrue(vm.errorProperty().get().endsWith("(re-run its setup with an upgrade if the keys changed)."),
                vm.errorProperty().get());

        vm.refreshCommand().execute().join();
        assertEquals("", vm.errorProperty().get(), "a success clears the error");
        assertFalse(vm.errorInPlaceholderProperty().get());
        assertEquals("No orders yet. Place a test order to try the store end to end.", vm.placeholderProperty().get());
    }

    @Test
    void thePanelFollowsTheStoreAsItLeavesAndComesBackToReady() {
        openDirect("Corner Shop");
        StoreRow row = select("Corner Shop");
        vm.placeOrderCommand().execute().join();
        assertEquals(1, vm.rows().size());

        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.stores().upgrade(row.id(), Map.of(), "ops");
        fx.settle();
        assertEquals(StoreStatus.FAILED, row.statusProperty().get());
        assertTrue(vm.rows().isEmpty(), "orders of a store that is not READY are not shown");
        assertFalse(refresh() || place() || verify());
        assertEquals("Orders are available once the store is READY; 'Corner Shop' is failed.",
                vm.placeholderProperty().get());

        fx.stores().retry(row.id(), "ops");
        fx.settle();
        assertEquals(StoreStatus.READY, row.statusProperty().get());
        assertEquals(List.of("#1000"), numbers(), "read again once READY");
        assertTrue(refresh() && place() && verify());
    }

    // ---- with a background pool and an "FX" thread of their own -------------------------------------

    private UiExecutors threaded() {
        background = Executors.newCachedThreadPool(r -> new Thread(r, "test-background"));
        fxThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
        return new UiExecutors(background, fxThread);
    }

    /** Runs {@code read} on the "FX" thread; fails if that thread is held up for more than 2 s. */
    private <T> T onFx(Callable<T> read) throws Exception {
        return fxThread.submit(read).get(2, TimeUnit.SECONDS);
    }

    private void awaitOnFx(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, Duration.ofSeconds(20), () -> onFx(condition));
    }

    @Test
    void theFxThreadNeverWaitsForAStore() throws Exception {
        open(threaded(), "Slow Shop");
        onFx(table::load).get(10, TimeUnit.SECONDS);
        CountDownLatch slow = api.hold("Slow Shop");

        long started = System.nanoTime();
        onFx(() -> select("Slow Shop")); // starts reading its orders, which hangs
        assertTrue(onFx(() -> vm.busyProperty().get()));
        assertEquals("Loading orders…", onFx(() -> vm.progressProperty().get()));
        assertFalse(onFx(() -> refresh() || place() || verify()), "nothing starts twice for a busy store");
        assertEquals("Loading orders…", onFx(() -> vm.placeholderProperty().get()));
        slow.countDown();
        awaitOnFx("the list to land", () -> !vm.busyProperty().get());

        CountDownLatch slowAgain = api.hold("Slow Shop");
        CompletableFuture<?> placing = onFx(() -> vm.placeOrderCommand().execute());
        assertEquals("Placing a test order of 1 piece on 'Slow Shop'…", onFx(() -> vm.progressProperty().get()));
        CompletableFuture<?> verifying = onFx(() -> vm.verifyCommand().execute());
        assertTrue(verifying.isDone(), "verify does not start while an order is being placed on the same store");
        slowAgain.countDown();
        placing.get(10, TimeUnit.SECONDS);
        CountDownLatch slowVerify = api.hold("Slow Shop");
        verifying = onFx(() -> vm.verifyCommand().execute());
        awaitOnFx("the verification's progress from the service",
                () -> vm.progressProperty().get().startsWith("Verifying: placing a test order"));
        slowVerify.countDown();
        verifying.get(20, TimeUnit.SECONDS);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(VerificationState.PASSED, onFx(() -> vm.verificationStateProperty().get()));
        assertEquals(List.of("#1001", "#1000"), onFx(this::numbers));
        assertFalse(api.threads.contains("test-fx"), "no call to the store ran on the FX thread: " + api.threads);
        assertTrue(elapsedMs < 20_000, "the whole run took " + elapsedMs + " ms");
    }

    @Test
    void anAnswerForAStoreNoLongerSelectedIsDroppedAndThatStoreStaysBusyAlone() throws Exception {
        open(threaded(), "Slow Shop", "Quick Shop");
        onFx(table::load).get(10, TimeUnit.SECONDS);
        StoreRow slowRow = onFx(() -> select("Slow Shop"));
        awaitOnFx("Slow Shop's first (empty) list", () -> vm.placeholderProperty().get().startsWith("No orders yet"));
        fx.app().orders().placeTestOrder(slowRow.id(), "someone-else");
        CountDownLatch slow = api.hold("Slow Shop");
        CompletableFuture<?> refreshing = onFx(() -> vm.refreshCommand().execute());
        assertTrue(onFx(() -> vm.busyProperty().get()));

        onFx(() -> select("Quick Shop"));
        awaitOnFx("Quick Shop's (empty) list", () -> vm.placeholderProperty().get().startsWith("No orders yet"));
        assertTrue(onFx(() -> refresh() && place() && verify()), "a slow store does not hold another one's buttons");
        assertEquals("", onFx(() -> vm.progressProperty().get()));

        slow.countDown(); // Slow Shop's answer arrives while Quick Shop is selected
        refreshing.get(10, TimeUnit.SECONDS); // completes after its UI step ran
        assertTrue(onFx(() -> vm.rows().isEmpty()), "Slow Shop's orders are not shown for Quick Shop");
        assertTrue(onFx(() -> vm.placeholderProperty().get().startsWith("No orders yet")));
        assertEquals("", onFx(() -> vm.errorProperty().get()));

        onFx(() -> select("Slow Shop"));
        awaitOnFx("Slow Shop's orders, read again", () -> vm.rows().size() == 1);
        assertEquals("#1000", onFx(() -> vm.rows().get(0).number()));
    }
}
