package dev.storefleet.viewmodel;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreException;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The stores the console knows, kept live from service events. Reads run on the background
 * executor and land on the UI thread; the view only binds.
 */
public final class StoreListViewModel {
    private final StoreService service;
    private final Executor background;
    private final Executor uiThread;
    private final ObservableList<Store> stores = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public StoreListViewModel(StoreService service, StoreEvents events, Executor background, Executor uiThread) {
        this.service = Objects.requireNonNull(service);
        this.background = Objects.requireNonNull(background);
        this.uiThread = Objects.requireNonNull(uiThread);
        events.subscribe(new StoreEvents.Listener() {
            @Override
            public void storeChanged(Store store) {
                uiThread.execute(() -> upsert(store));
            }

            @Override
            public void storeRemoved(long storeId) {
                uiThread.execute(() -> stores.removeIf(s -> s.id() == storeId));
            }
        });
    }

    /** Loads the list in the background; completes after the UI has it. */
    public CompletableFuture<Void> refresh() {
        loading.set(true);
        return CompletableFuture.supplyAsync(service::list, background)
                .handleAsync((list, failure) -> {
                    loading.set(false);
                    if (failure == null) {
                        stores.setAll(list);
                        error.set("");
                    } else {
                        error.set(messageOf(failure));
                    }
                    return null;
                }, uiThread);
    }

    public ObservableList<Store> stores() {
        return FXCollections.unmodifiableObservableList(stores);
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Empty when all is well; otherwise what went wrong, in words. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    private void upsert(Store store) {
        for (int i = 0; i < stores.size(); i++) {
            if (Objects.equals(stores.get(i).id(), store.id())) {
                stores.set(i, store);
                return;
            }
        }
        stores.add(store);
    }

    static String messageOf(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StoreException) {
            return cause.getMessage();
        }
        return "Unexpected error: " + cause + ". See the log for details.";
    }

    List<Store> snapshot() {
        return List.copyOf(stores);
    }
}
