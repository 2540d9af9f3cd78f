package dev.storefleet.viewmodel.orders;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableObjectValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The orders of the store selected in the store table: its newest orders, a test order of 1 to
 * {@value OrderService#MAX_QUANTITY} pieces, an end-to-end verification, and the result of the
 * last one as the store records it.
 *
 * <p>Every call to the store runs in the background (a store can take seconds to answer) and its
 * result lands on the UI thread. What is running is kept per store: while something runs for the
 * selected store its commands are off and the progress says what; another store can be worked on
 * meanwhile. An answer for a store that is no longer selected is dropped. The last verification
 * is read from the selected row's store, which the store table keeps live from service events, so
 * it changes as soon as a verification is recorded.
 */
public final class OrdersViewModel {
    /** How many of a store's newest orders the panel asks for. */
    public static final int LIST_LIMIT = 50;

    /** What the last verification of the selected store found. */
    public enum VerificationState {
        /** No store selected, or the store was never verified. */
        NONE,
        PASSED,
        FAILED
    }

    private record Placed(Order order, List<Order> orders, Throwable listFailure) {
    }

    private record Verified(Verification verification, List<Order> orders, Throwable listFailure) {
    }

    private final OrderService orders;
    private final UiExecutors executors;
    private final String actor;
    private final DateTimeFormatter timeFormat;
    private final Runnable unsubscribe;

    /** The selected row's store, live: null when no store is selected. */
    private final ObservableValue<Store> store;
    /** Store id → what is running for it, in words. Touched on the UI thread only. */
    private final ObservableMap<Long, String> running = FXCollections.observableHashMap();
    /** Stores whose running work is a verification (its steps come as progress events). */
    private final Set<Long> verifying = new HashSet<>();

    private final ObservableList<OrderRow> rows = FXCollections.observableArrayList();
    private final ObservableList<OrderRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final IntegerProperty quantity = new SimpleIntegerProperty(1);

    private final BooleanBinding ready;
    private final BooleanBinding busy;
    private final StringBinding progress;
    private final BooleanBinding errorInPlaceholder;
    private final StringBinding placeholder;
    private final StringBinding countText;
    private final ObjectBinding<VerificationState> verificationState;
    private final StringBinding verificationText;

    private final Command refresh;
    private final Command place;
    private final Command verify;

    /** For the app: times in the system time zone. */
    public OrdersViewModel(OrderService orders, StoreEvents events, ObservableValue<StoreRow> selected,
            UiExecutors executors, String actor) {
        this(orders, events, selected, executors, actor, ZoneId.systemDefault());
    }

    /** @param selected the store table's selection, followed as it changes */
    public OrdersViewModel(OrderService orders, StoreEvents events, ObservableValue<StoreRow> selected,
            UiExecutors executors, String actor, ZoneId zone) {
        this.orders = Objects.requireNonNull(orders);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        this.timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(zone);
        this.store = selected.flatMap(StoreRow::storeProperty);

        ready = Bindings.createBooleanBinding(() -> store.getValue() != null
                && store.getValue().status() == StoreStatus.READY, store);
        busy = Bindings.createBooleanBinding(() -> store.getValue() != null
                && running.containsKey(store.getValue().id()), store, running);
        progress = Bindings.createStringBinding(() -> {
            Store s = store.getValue();
            String words = s == null ? null : running.get(s.id());
            return words == null ? "" : words;
        }, store, running);
        errorInPlaceholder = Bindings.createBooleanBinding(() -> !error.get().isEmpty() && !loaded.get()
                && rows.isEmpty() && ready.get(), error, loaded, rows, ready);
        placeholder = Bindings.createStringBinding(this::placeholderText, store, loaded, error, running,
                errorInPlaceholder);
        countText = Bindings.createStringBinding(() -> {
            if (!loaded.get() || rows.isEmpty()) {
                return "";
            }
            int n = rows.size();
            return n >= LIST_LIMIT ? "newest " + n + " orders" : n == 1 ? "1 order" : n + " orders";
        }, loaded, rows);
        verificationState = Bindings.createObjectBinding(() -> {
            Verification v = store.getValue() == null ? null : store.getValue().lastVerification();
            return v == null ? VerificationState.NONE : v.ok() ? VerificationState.PASSED : VerificationState.FAILED;
        }, store);
        verificationText = Bindings.createStringBinding(() -> verificationWords(store.getValue()), store);

        BooleanBinding idleAndReady = ready.and(busy.not());
        refresh = Command.perTarget(idleAndReady, () -> load(selectedId()));
        place = Command.perTarget(idleAndReady.and(Bindings.createBooleanBinding(
                () -> quantity.get() >= 1 && quantity.get() <= OrderService.MAX_QUANTITY, quantity)), this::placeOrder);
        verify = Command.perTarget(idleAndReady, this::verifyStore);

        store.addListener((obs, before, now) -> storeChanged(before, now));
        this.unsubscribe = events.subscribe(new StoreEvents.Listener() {
            @Override
            public void progress(long storeId, String step) {
                executors.ui().execute(() -> {
                    if (verifying.contains(storeId) && running.containsKey(storeId)) {
                        running.put(storeId, step + "…");
                    }
                });
            }
        });
    }

    // ---- following the selection -------------------------------------------------------------

    private void storeChanged(Store before, Store now) {
        boolean otherStore = before == null || now == null || !before.id().equals(now.id());
        if (otherStore) {
            rows.clear();
            loaded.set(false);
            error.set("");
            notice.set("");
            if (now != null && now.status() == StoreStatus.READY && !running.containsKey(now.id())) {
                load(now.id());
            }
            return;
        }
        boolean wasReady = before.status() == StoreStatus.READY;
        boolean isReady = now.status() == StoreStatus.READY;
        if (wasReady && !isReady) {
            rows.clear();
            loaded.set(false);
            notice.set("");
        } else if (!wasReady && isReady && !running.containsKey(now.id())) {
            load(now.id());
        }
    }

    // ---- the work ----------------------------------------------------------------------------

    /** Reads the store's newest orders (also what Refresh does). */
    private CompletableFuture<Void> load(long id) {
        return begin(id, "Loading orders…", "The orders could not be read",
                BackgroundTask.of(() -> orders.listOrders(id, LIST_LIMIT)), list -> {
                    show(list);
                    error.set("");
                }, () -> loaded.set(false)); // rows read before stay, but they are no longer known to be current
    }

    private CompletableFuture<Void> placeOrder() {
        long id = selectedId();
        int pieces = quantity.get();
        String name = store.getValue().name();
        return start(id, "Placing a test order of " + pieces(pieces) + " on '" + name + "'…",
                "The test order was not placed", () -> {
                    Order order = orders.placeTestOrder(id, pieces, actor);
                    step(id, "Order " + order.number() + " placed; reading the orders…");
                    try {
                        return new Placed(order, orders.listOrders(id, LIST_LIMIT), null);
                    } catch (RuntimeException e) {
                        return new Placed(order, null, e);
                    }
                }, placed -> {
                    Order o = placed.order();
                    notice.set("Test order " + o.number() + " placed: " + pieces(pieces) + ", "
                            + total(o) + (o.status() == null || o.status().isEmpty() ? "" : ", " + o.status()) + ".");
                    afterExtraList(placed.orders(), placed.listFailure(), o);
                });
    }

    private CompletableFuture<Void> verifyStore() {
        long id = selectedId();
        String name = store.getValue().name();
        verifying.add(id); // its steps arrive as progress events from the service
        return startAsync(id, "Verifying '" + name + "': waiting for the store's queue…",
                "The verification could not run", () -> orders.verify(id, actor).thenApplyAsync(v -> {
                    try {
                        return new Verified(v, orders.listOrders(id, LIST_LIMIT), null);
                    } catch (RuntimeException e) {
                        return new Verified(v, null, e);
                    }
                }, executors.background()), verified -> {
                    // The result itself is shown from the store (verificationText), which the service updated.
                    notice.set(verified.verification().ok() ? "Verification passed."
                            : "Verification failed: see the last verification above.");
                    afterExtraList(verified.orders(), verified.listFailure(), null);
                });
    }

    /** After a place or a verify: the fresh list, or what is known without it. */
    private void afterExtraList(List<Order> list, Throwable listFailure, Order placed) {
        if (list != null) {
            show(list);
            error.set("");
            return;
        }
        if (placed != null && rows.stream().noneMatch(r -> r.order().id().equals(placed.id()))) {
            rows.add(0, rowOf(placed));
            loaded.set(true);
        }
        error.set("The orders could not be read again. " + ErrorMessages.of(listFailure));
    }

    /** Runs {@code work} in the background for store {@code id}; see {@link #begin}. */
    private <T> CompletableFuture<Void> start(long id, String words, String failed, Supplier<T> work,
            Consumer<T> onResult) {
        return begin(id, words, failed, BackgroundTask.of(work), onResult, () -> {
        });
    }

    /** Like {@link #start}, for work that hands back a future (queued on the provisioning executor). */
    private <T> CompletableFuture<Void> startAsync(long id, String words, String failed,
            Supplier<CompletableFuture<T>> work, Consumer<T> onResult) {
        return begin(id, words, failed, BackgroundTask.ofAsync(work), onResult, () -> {
        });
    }

    /**
     * Marks the store busy with {@code words}, runs the task, and on the UI thread marks it idle
     * again; the outcome (and {@code afterFailure}) is shown only if the store is still the one selected.
     */
    private <T> CompletableFuture<Void> begin(long id, String words, String failed, BackgroundTask<T> task,
            Consumer<T> onResult, Runnable afterFailure) {
        running.put(id, words);
        return task.always(() -> finished(id))
                .onSuccess(result -> {
                    if (shown(id)) {
                        onResult.accept(result);
                    }
                })
                .onFailure(failure -> {
                    if (shown(id)) {
                        error.set(failed + ". " + ErrorMessages.of(failure));
                        afterFailure.run();
                    }
                })
                .named(words.replace("…", ""))
                .run(executors);
    }

    private void finished(long id) {
        verifying.remove(id);
        running.remove(id);
    }

    /** From a background step: what the running work for {@code id} does now. */
    private void step(long id, String words) {
        executors.ui().execute(() -> {
            if (running.containsKey(id)) {
                running.put(id, words);
            }
        });
    }

    private boolean shown(long id) {
        Store s = store.getValue();
        return s != null && s.id() == id;
    }

    private long selectedId() {
        Store s = store.getValue();
        if (s == null) {
            throw new IllegalStateException("no store selected");
        }
        return s.id();
    }

    private void show(List<Order> list) {
        rows.setAll(list.stream().map(this::rowOf).toList());
        loaded.set(true);
    }

    OrderRow rowOf(Order o) {
        return new OrderRow(o, o.number() == null ? o.id() : o.number(), o.status() == null ? "" : o.status(),
                total(o), o.createdAt() == null ? "" : timeFormat.format(o.createdAt()));
    }

    private static String total(Order o) {
        String amount = o.total() == null ? "" : o.total();
        String currency = o.currency() == null ? "" : o.currency().toUpperCase(Locale.ROOT);
        return (amount + " " + currency).strip();
    }

    private static String pieces(int n) {
        return n == 1 ? "1 piece" : n + " pieces";
    }

    // ---- words ---------------------------------------------------------------------------------

    private String placeholderText() {
        Store s = store.getValue();
        if (s == null) {
            return "Select a store to see its orders.";
        }
        if (s.status() != StoreStatus.READY) {
            return "Orders are available once the store is READY; '" + s.name() + "' is " + s.status().label() + ".";
        }
        if (errorInPlaceholder.get()) {
            return error.get(); // nothing else to show: the table's whole area says what went wrong
        }
        if (!loaded.get()) {
            return running.containsKey(s.id()) ? "Loading orders…" : "Press Refresh to read the orders.";
        }
        return "No orders yet. Place a test order to try the store end to end.";
    }

    private String verificationWords(Store s) {
        if (s == null) {
            return "";
        }
        Verification v = s.lastVerification();
        if (v == null) {
            return "Not verified yet. Verify places a test order and looks for it in the store's order list.";
        }
        return (v.ok() ? "Passed" : "Failed") + " on " + timeFormat.format(v.at()) + ", took "
                + duration(v.durationMs()) + (v.detail() == null || v.detail().isBlank() ? "." : ": " + v.detail());
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ENGLISH, "%.1f s", millis / 1000.0);
    }

    /** Stops following progress events; call when the panel is closed for good. */
    public void dispose() {
        unsubscribe.run();
    }

    // ---- what the view binds to ----------------------------------------------------------------

    /** The selected store's newest orders, newest first; empty while none are known. */
    public ObservableList<OrderRow> rows() {
        return rowsView;
    }

    /** Pieces of the next test order (1 to {@value OrderService#MAX_QUANTITY}). */
    public IntegerProperty quantityProperty() {
        return quantity;
    }

    /** True when a store is selected and it is READY: orders can be read, placed and verified. */
    public ObservableBooleanValue readyProperty() {
        return ready;
    }

    /** True while something runs for the selected store. */
    public ObservableBooleanValue busyProperty() {
        return busy;
    }

    /** What runs for the selected store, in words; empty when nothing does. */
    public ObservableStringValue progressProperty() {
        return progress;
    }

    /** What failed last for the selected store and what to do next; empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The outcome of the last place or verify for the selected store ("Test order #1003 placed…"). */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /**
     * True when the error is all there is to show (the orders could not be read and none are
     * known): the empty table's placeholder says it, rather than a message above an empty table.
     */
    public ObservableBooleanValue errorInPlaceholderProperty() {
        return errorInPlaceholder;
    }

    /** What the empty table says: no store selected, store not READY, loading, no orders yet, or the error. */
    public ObservableStringValue placeholderProperty() {
        return placeholder;
    }

    /** "3 orders"; empty while nothing is shown. */
    public ObservableStringValue countTextProperty() {
        return countText;
    }

    public ObservableObjectValue<VerificationState> verificationStateProperty() {
        return verificationState;
    }

    /** The selected store's last verification in words: passed or failed, when, how long, what was found. */
    public ObservableStringValue verificationTextProperty() {
        return verificationText;
    }

    public Command refreshCommand() {
        return refresh;
    }

    public Command placeOrderCommand() {
        return place;
    }

    public Command verifyCommand() {
        return verify;
    }
}
