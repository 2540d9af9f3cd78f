package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One row of the store table: the store as last seen, plus the step its operation is on. */
public final class StoreRow {
    private final long id;
    private final ReadOnlyObjectWrapper<Store> store = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<StoreStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("");

    StoreRow(Store initial) {
        this.id = initial.id();
        update(initial);
    }

    void update(Store latest) {
        store.set(latest);
        status.set(latest.status());
        if (!latest.status().isTransitional()) {
            step.set("");
        } else if (step.get().isEmpty()) {
            step.set(latest.status() == StoreStatus.CREATED ? "waiting for a worker" : latest.status().label() + "…");
        }
    }

    void step(String text) {
        if (store.get().status().isTransitional()) {
            step.set(text);
        }
    }

    public long id() {
        return id;
    }

    public Store store() {
        return store.get();
    }

    public ReadOnlyObjectProperty<Store> storeProperty() {
        return store.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StoreStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the running operation is doing ("waiting for deployment … (0/1 ready)"); empty when idle. */
    public ReadOnlyStringProperty stepProperty() {
        return step.getReadOnlyProperty();
    }
}
