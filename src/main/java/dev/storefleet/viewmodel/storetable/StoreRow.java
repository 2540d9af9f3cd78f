package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One row of the store table: the store as last seen, the step its operation is on and, while it
 * is READY, its health as the fleet watch last judged it.
 */
public final class StoreRow {
    /** What the health column and line show for a store without health (not READY, or not judged yet). */
    public static final String NO_HEALTH = "—";

    private final long id;
    private final ReadOnlyObjectWrapper<Store> store = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<StoreStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<StoreHealth> health = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper healthCode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper healthReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper healthText = new ReadOnlyStringWrapper(NO_HEALTH);
    private final ReadOnlyBooleanWrapper outdated = new ReadOnlyBooleanWrapper(false);
    /** The version of the chart this console carries for the store's type; null until read (or unknown). */
    private String bundledVersion;

    StoreRow(Store initial) {
        this.id = initial.id();
        update(initial);
    }

    /** A row as the table loads it, with the health read beside the store (kept only if the store is READY). */
    StoreRow(Store initial, StoreHealth initialHealth) {
        this(initial);
        health(initial.status() == StoreStatus.READY ? initialHealth : null);
    }

    void update(Store latest) {
        store.set(latest);
        status.set(latest.status());
        if (!latest.status().isTransitional()) {
            step.set("");
        } else if (step.get().isEmpty()) {
            step.set(latest.status() == StoreStatus.CREATED ? "waiting for a worker" : latest.status().label() + "…");
        }
        if (latest.status() != StoreStatus.READY) {
            health(null); // only READY stores have health; the watch's own "no longer" may come later
        }
        outdated.set(judgeOutdated());
    }

    /** The bundled chart's version for this store's type (null: not known), read once by the table. */
    void bundled(String version) {
        bundledVersion = version;
        outdated.set(judgeOutdated());
    }

    /** Behind the bundled chart: both versions known and different. A store whose chart is unknown is not outdated. */
    private boolean judgeOutdated() {
        String deployed = store.get().chartVersion();
        return deployed != null && bundledVersion != null && !deployed.equals(bundledVersion);
    }

    void step(String text) {
        if (store.get().status().isTransitional()) {
            step.set(text);
        }
    }

    /** The fleet watch's latest judgement; null when the store has none. */
    void health(StoreHealth latest) {
        health.set(latest);
        healthCode.set(latest == null ? "" : latest.state().code());
        healthReason.set(latest == null ? "" : latest.reason());
        healthText.set(latest == null ? NO_HEALTH
                : latest.reason().isEmpty() ? latest.state().code() : latest.state().code() + " — " + latest.reason());
    }

    /** True while the store's deployed chart is older or other than the one this console carries for its type. */
    public boolean outdated() {
        return outdated.get();
    }

    public ReadOnlyBooleanProperty outdatedProperty() {
        return outdated.getReadOnlyProperty();
    }

    /** The bundled version the store would be upgraded to; null when not known. */
    public String bundledVersion() {
        return bundledVersion;
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

    /** The store's health while READY; null otherwise, and until the watch has judged it. */
    public StoreHealth health() {
        return health.get();
    }

    public ReadOnlyObjectProperty<StoreHealth> healthProperty() {
        return health.getReadOnlyProperty();
    }

    /** "healthy", "degraded", "gone", "unknown"; "" without health. */
    public ReadOnlyStringProperty healthCodeProperty() {
        return healthCode.getReadOnlyProperty();
    }

    /** What is wrong, why it is gone or unknown, in the watch's words; "" when healthy or without health. */
    public ReadOnlyStringProperty healthReasonProperty() {
        return healthReason.getReadOnlyProperty();
    }

    /** "degraded — statefulset …: pod …", "healthy", or {@link #NO_HEALTH}. */
    public ReadOnlyStringProperty healthTextProperty() {
        return healthText.getReadOnlyProperty();
    }
}
