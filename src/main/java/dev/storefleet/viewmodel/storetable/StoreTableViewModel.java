package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.InspectionService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The store table: every store, live (status, the running step and a READY store's health come
 * from service events), searchable and filterable by status and health, with the actions the
 * state machine allows for the selected store (and, for a store whose namespace or release was
 * removed outside the console, the ways out of that drift).
 */
public final class StoreTableViewModel {
    static final String EVENTS_NOTHING_SELECTED = "Select a store to see its recent Kubernetes events.";
    static final String PICK_A_REVISION = "Select a revision to see what rolling back to it changes.";

    private final StoreService stores;
    private final InspectionService inspection;
    private final FleetHealth health;
    private final UiExecutors executors;
    private final String actor;

    private final ObservableList<StoreRow> rows = FXCollections.observableArrayList();
    private final Map<Long, StoreRow> byId = new HashMap<>();
    private final FilteredList<StoreRow> visible = new FilteredList<>(rows, r -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<StoreStatus> statusFilter = new SimpleObjectProperty<>(null);
    private final ObjectProperty<StoreHealth.State> healthFilter = new SimpleObjectProperty<>(null);
    /**
     * The latest health each store's events said (null value: none any more), UI thread only: a
     * judgement that arrives while the table loads is not lost to, or overwritten by, an older read.
     */
    private final Map<Long, StoreHealth> healthSeen = new HashMap<>();
    private final ObjectProperty<StoreRow> selected = new SimpleObjectProperty<>();
    /**
     * The selected row's store and health, followed as they change. What depends on them reads
     * them through these: a derived value that is never read again stays invalid and tells
     * nothing more, so a second change of the same row (PROVISIONING, then READY) would be missed.
     */
    private final ObservableValue<Store> selectedStore = selected.flatMap(StoreRow::storeProperty);
    private final ObservableValue<StoreHealth> selectedHealth = selected.flatMap(StoreRow::healthProperty);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("Loading stores…");
    private final ObservableList<StoreInspector.ClusterEvent> events = FXCollections.observableArrayList();
    /** What the events list says while it has no events: why (nothing selected, reading, none, an error). */
    private final ReadOnlyStringWrapper eventsEmptyText = new ReadOnlyStringWrapper(EVENTS_NOTHING_SELECTED);
    /** Reads of the events started so far (UI thread only). */
    private long eventsRequests;
    private final ObjectProperty<Integer> rollbackTarget = new SimpleObjectProperty<>();
    private final ObservableList<ValuesDiff.Change> rollbackChanges = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper rollbackSummary = new ReadOnlyStringWrapper(PICK_A_REVISION);
    private final ReadOnlyStringWrapper rollbackError = new ReadOnlyStringWrapper("");

    private final Command retry;
    private final Command upgrade;
    private final Command delete;
    private final Command cancel;
    private final Command refresh;
    private final Command reprovision;
    private final BooleanBinding driftSelected;

    public StoreTableViewModel(StoreService stores, InspectionService inspection, FleetHealth health,
            StoreEvents storeEvents, UiExecutors executors, String actor) {
        this.stores = Objects.requireNonNull(stores);
        this.inspection = Objects.requireNonNull(inspection);
        this.health = Objects.requireNonNull(health);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        search.addListener((o, a, b) -> refilter());
        statusFilter.addListener((o, a, b) -> refilter());
        healthFilter.addListener((o, a, b) -> refilter());
        selected.addListener((o, a, b) -> loadEvents());
        rollbackTarget.addListener((o, a, b) -> loadRollbackDiff());
        storeEvents.subscribe(new StoreEvents.Listener() {
            @Override
            public void storeChanged(Store store) {
                executors.ui().execute(() -> upsert(store));
            }

            @Override
            public void storeRemoved(long storeId) {
                executors.ui().execute(() -> remove(storeId));
            }

            @Override
            public void healthChanged(long storeId, StoreHealth judged) {
                executors.ui().execute(() -> healthOf(storeId, judged));
            }

            @Override
            public void progress(long storeId, String step) {
                executors.ui().execute(() -> {
                    StoreRow row = byId.get(storeId);
                    if (row != null) {
                        row.step(step);
                    }
                });
            }
        });

        retry = action(s -> s.canRetry(), () -> stores.retry(selectedId(), actor), "Retrying");
        upgrade = action(Store::canUpgrade, () -> stores.upgrade(selectedId(), Map.of(), actor), "Upgrading");
        delete = action(Store::canDelete, () -> stores.delete(selectedId(), actor), "Deleting");
        cancel = action(s -> s.status().isTransitional() && s.status() != StoreStatus.DELETING,
                () -> stores.cancel(selectedId(), actor) ? "cancel requested" : "nothing was running", "Cancelling");
        refresh = new Command(loading.not(), this::load);
        driftSelected = Bindings.createBooleanBinding(() -> {
            Store store = selectedStore.getValue();
            StoreHealth seen = selectedHealth.getValue();
            return store != null && store.status() == StoreStatus.READY && seen != null && seen.isDrift();
        }, selectedStore, selectedHealth);
        reprovision = new Command(driftSelected, this::reprovisionSelected);
    }

    /** Installs the selected drifted store again; which store is read here, on the UI thread, not in the background. */
    private CompletableFuture<Void> reprovisionSelected() {
        StoreRow row = selected.get();
        long id = row.id();
        String name = row.store().name();
        return executors.run(() -> stores.reprovision(id, actor), s -> {
            error.set("");
            notice.set("Re-provisioning '" + name + "'…");
        }, failure -> error.set(ErrorMessages.of(failure)));
    }

    /** Loads every store in the background. */
    public CompletableFuture<Void> load() {
        loading.set(true);
        return executors.run(() -> new Loaded(stores.list(), health.all()), loaded -> {
            loading.set(false);
            error.set("");
            byId.clear();
            rows.setAll(loaded.stores().stream().map(s -> new StoreRow(s, healthSeen.containsKey(s.id())
                    ? healthSeen.get(s.id()) : loaded.health().get(s.id()))).toList());
            rows.forEach(r -> byId.put(r.id(), r));
            updateEmptyText();
        }, failure -> {
            loading.set(false);
            error.set(ErrorMessages.of(failure));
            emptyText.set("The stores cannot be shown: see the message above.");
        });
    }

    private record Loaded(List<Store> stores, Map<Long, StoreHealth> health) {
    }

    /** The revisions Helm keeps for the selected store, for the rollback picker. */
    public CompletableFuture<List<ReleaseInfo>> history() {
        long id = selectedId();
        CompletableFuture<List<ReleaseInfo>> result = new CompletableFuture<>();
        executors.run(() -> stores.history(id), result::complete, failure -> {
            error.set(ErrorMessages.of(failure));
            result.completeExceptionally(failure);
        });
        return result;
    }

    /** Rolls the selected store back to {@code revision}. */
    public CompletableFuture<Void> rollback(int revision) {
        long id = selectedId();
        return executors.run(() -> stores.rollback(id, revision, actor), s -> notice.set("Rolling back '" + s.name()
                + "' to revision " + revision + "…"), failure -> error.set(ErrorMessages.of(failure)));
    }

    /**
     * Compares the selected store's current revision with the picked rollback target (its
     * values and chart) in the background; a result that arrives after the pick changed is dropped.
     */
    private CompletableFuture<Void> loadRollbackDiff() {
        Integer revision = rollbackTarget.get();
        StoreRow row = selected.get();
        rollbackChanges.clear();
        rollbackError.set("");
        if (revision == null || row == null) {
            rollbackSummary.set(PICK_A_REVISION);
            return CompletableFuture.completedFuture(null);
        }
        rollbackSummary.set("Reading the values of revision " + revision + "…");
        Supplier<Boolean> stillPicked = () -> selected.get() == row && revision.equals(rollbackTarget.get());
        return executors.run(() -> stores.rollbackDiff(row.id(), revision), diff -> {
            if (stillPicked.get()) {
                rollbackChanges.setAll(diff.changes());
                rollbackSummary.set(diff.summary());
            }
        }, failure -> {
            if (stillPicked.get()) {
                rollbackSummary.set("");
                rollbackError.set("What rolling back changes cannot be shown: " + ErrorMessages.of(failure));
            }
        });
    }

    /** Reads the difference for the picked revision again (after an error, or a change meanwhile). */
    public CompletableFuture<Void> reloadRollbackDiff() {
        return loadRollbackDiff();
    }

    /** The revision picked in the rollback dialog (null: none); the view binds it to its selection. */
    public ObjectProperty<Integer> rollbackTargetProperty() {
        return rollbackTarget;
    }

    /** The values that change if the store is rolled back to the picked revision; secrets masked. */
    public ObservableList<ValuesDiff.Change> rollbackChanges() {
        return FXCollections.unmodifiableObservableList(rollbackChanges);
    }

    /** Revisions, chart change and how many values change, or "no value changes"; what is loading. */
    public ReadOnlyStringProperty rollbackSummaryProperty() {
        return rollbackSummary.getReadOnlyProperty();
    }

    /** Why the difference cannot be shown, in words; empty when it can. */
    public ReadOnlyStringProperty rollbackErrorProperty() {
        return rollbackError.getReadOnlyProperty();
    }

    public BooleanBinding canRollback() {
        return when(Store::canRollback);
    }

    /** Reads the selected store's admin login (audited); the view puts it on the clipboard. */
    public CompletableFuture<StoreInspector.AdminCredentials> adminCredentials() {
        long id = selectedId();
        CompletableFuture<StoreInspector.AdminCredentials> result = new CompletableFuture<>();
        executors.run(() -> inspection.adminCredentials(id, actor), result::complete, failure -> {
            error.set(ErrorMessages.of(failure));
            result.completeExceptionally(failure);
        });
        return result;
    }

    private CompletableFuture<?> loadEvents() {
        StoreRow row = selected.get();
        long request = ++eventsRequests; // only the newest read may fill the list (reloads, A→B→A)
        events.clear();
        if (row == null) {
            eventsEmptyText.set(EVENTS_NOTHING_SELECTED);
            return CompletableFuture.completedFuture(null);
        }
        eventsEmptyText.set("Reading the Kubernetes events of " + row.store().namespace() + "…");
        return executors.run(() -> inspection.recentEvents(row.id(), 20), list -> {
            if (request == eventsRequests) {
                events.setAll(list);
                eventsEmptyText.set("No Kubernetes events in " + row.store().namespace()
                        + " (the cluster keeps them about an hour).");
            }
        }, failure -> {
            if (request == eventsRequests) {
                eventsEmptyText.set(ErrorMessages.of(failure));
            }
        });
    }

    public CompletableFuture<?> reloadEvents() {
        return loadEvents();
    }

    private Command action(Predicate<Store> allowed, Supplier<Object> call, String verb) {
        return new Command(when(allowed), () -> {
            String name = selected.get().store().name();
            return executors.run(call::get, result -> {
                error.set("");
                notice.set(verb + " '" + name + "'…");
            }, failure -> error.set(ErrorMessages.of(failure)));
        });
    }

    /** True while a store is selected and {@code allowed} holds for it (re-checked as it changes). */
    private BooleanBinding when(Predicate<Store> allowed) {
        return Bindings.createBooleanBinding(() -> {
            Store store = selectedStore.getValue();
            return store != null && allowed.test(store);
        }, selectedStore);
    }

    private long selectedId() {
        StoreRow row = selected.get();
        if (row == null) {
            throw new IllegalStateException("no store selected");
        }
        return row.id();
    }

    private void upsert(Store store) {
        StoreRow row = byId.get(store.id());
        if (row == null) {
            row = new StoreRow(store);
            byId.put(store.id(), row);
            rows.add(row);
        } else {
            row.update(store);
        }
        refilter();
        updateEmptyText();
    }

    private void healthOf(long storeId, StoreHealth judged) {
        healthSeen.put(storeId, judged);
        StoreRow row = byId.get(storeId);
        if (row != null) {
            row.health(judged);
            if (healthFilter.get() != null) {
                refilter();
            }
        }
    }

    private void remove(long id) {
        healthSeen.remove(id);
        StoreRow row = byId.remove(id);
        if (row != null) {
            rows.remove(row);
            if (selected.get() == row) {
                selected.set(null);
            }
        }
        updateEmptyText();
    }

    private void refilter() {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        StoreStatus status = statusFilter.get();
        StoreHealth.State wantedHealth = healthFilter.get();
        visible.setPredicate(row -> {
            Store s = row.store();
            boolean statusOk = status == null || s.status() == status;
            boolean healthOk = wantedHealth == null || row.health() != null && row.health().state() == wantedHealth;
            boolean textOk = text.isEmpty() || s.name().toLowerCase(Locale.ROOT).contains(text)
                    || s.owner().toLowerCase(Locale.ROOT).contains(text)
                    || s.namespace().contains(text) || s.type().chartName().contains(text);
            return statusOk && healthOk && textOk;
        });
        updateEmptyText();
    }

    private void updateEmptyText() {
        if (rows.isEmpty()) {
            emptyText.set("No stores yet. Create one with the form on the left.");
        } else if (visible.isEmpty()) {
            emptyText.set("No store matches the search or filter.");
        } else {
            emptyText.set("");
        }
    }

    public ObservableList<StoreRow> rows() {
        return visible;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** null means every status. */
    public ObjectProperty<StoreStatus> statusFilterProperty() {
        return statusFilter;
    }

    /** null means any health (and stores without one); a state keeps only READY stores judged so. */
    public ObjectProperty<StoreHealth.State> healthFilterProperty() {
        return healthFilter;
    }

    public ObjectProperty<StoreRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The table's placeholder: loading, no stores yet, nothing matches, or an error. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    public ObservableList<StoreInspector.ClusterEvent> events() {
        return FXCollections.unmodifiableObservableList(events);
    }

    public ReadOnlyStringProperty eventsEmptyTextProperty() {
        return eventsEmptyText.getReadOnlyProperty();
    }

    public Command retryCommand() {
        return retry;
    }

    public Command upgradeCommand() {
        return upgrade;
    }

    public Command deleteCommand() {
        return delete;
    }

    public Command cancelCommand() {
        return cancel;
    }

    /** Admin credentials exist once the store is READY (its chart wrote them). */
    public BooleanBinding canCopyCredentials() {
        return when(s -> s.status() == StoreStatus.READY);
    }

    public Command refreshCommand() {
        return refresh;
    }

    /** True while the selected store is READY but gone from the cluster (drift): the Details offer the ways out. */
    public BooleanBinding driftSelected() {
        return driftSelected;
    }

    /** Installs the selected store again after its namespace or release was removed outside the console. */
    public Command reprovisionCommand() {
        return reprovision;
    }
}
