package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.InspectionService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store table: every store, live (status, the running step and a READY store's health come
 * from service events), searchable and filterable by status and health, with the actions the
 * state machine allows for the selected store (and, for a store whose namespace or release was
 * removed outside the console, the ways out of that drift), and actions over a multi-selection.
 *
 * <p>Every action reads the store(s) it acts on on the FX thread when it runs: the selection may
 * move while the background call waits, and the call must hit the store the operator confirmed.
 */
public final class StoreTableViewModel {
    static final String EVENTS_NOTHING_SELECTED = "Select a store to see its recent Kubernetes events.";
    private static final Logger LOG = LoggerFactory.getLogger(StoreTableViewModel.class);

    private final StoreService stores;
    private final OrderService orders;
    private final InspectionService inspection;
    private final FleetHealth health;
    private final UiExecutors executors;
    private final String actor;

    /**
     * Every row; a change of a row's store, health or outdated mark is an update of the list, so the
     * filter tests that row again by itself. Setting the filter's predicate anew would re-create the
     * list the table shows, and the table would drop its multi-selection at every store event.
     */
    private final ObservableList<StoreRow> rows = FXCollections.observableArrayList(
            row -> new Observable[] {row.storeProperty(), row.healthProperty(), row.outdatedProperty()});
    private final Map<Long, StoreRow> byId = new HashMap<>();
    private final FilteredList<StoreRow> visible = new FilteredList<>(rows, r -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<StoreStatus> statusFilter = new SimpleObjectProperty<>(null);
    private final ObjectProperty<StoreHealth.State> healthFilter = new SimpleObjectProperty<>(null);
    private final BooleanProperty outdatedOnly = new SimpleBooleanProperty(false);
    /** "Back up first" of the upgrade confirmation: kept for the next upgrade in this window. */
    private final BooleanProperty upgradeBackupFirst = new SimpleBooleanProperty(false);
    /**
     * The chart this console carries per store type, read once in the background by the first load
     * that can (UI thread only); empty while unknown, and then no store is outdated.
     */
    private final ObjectProperty<Map<StoreType, ChartVersion>> bundled = new SimpleObjectProperty<>(Map.of());
    private boolean bundledRead;
    /**
     * The latest health each store's events said (null value: none any more), UI thread only: a
     * judgement that arrives while the table loads is not lost to, or overwritten by, an older read.
     */
    private final Map<Long, StoreHealth> healthSeen = new HashMap<>();
    private final ObjectProperty<StoreRow> selected = new SimpleObjectProperty<>();
    /** The table's multi-selection; a change of a selected row's store counts as a change of the list. */
    private final ObservableList<StoreRow> selection = FXCollections.observableArrayList(
            row -> new Observable[] {row.storeProperty()});
    private final ObservableList<StoreRow> selectionView = FXCollections.unmodifiableObservableList(selection);
    private final ReadOnlyStringWrapper bulkResult = new ReadOnlyStringWrapper("");
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
    /** Loads started so far (UI thread only): only the newest one's answer is applied. */
    private long loads;
    /**
     * Stores that events changed or removed since the newest load started (UI thread only): the
     * list that load read may be older than what they said.
     */
    private final Set<Long> changedDuringLoad = new HashSet<>();
    private final Set<Long> removedDuringLoad = new HashSet<>();
    private final Runnable unsubscribe;

    private final Command retry;
    private final Command suspend;
    private final Command resume;
    private final Command upgrade;
    private final Command delete;
    private final Command cancel;
    private final Command refresh;
    private final Command reprovision;
    private final Command deleteSelected;
    private final Command verifySelected;
    private final Command upgradeSelected;
    private final Command retrySelected;
    private final BooleanBinding driftSelected;

    public StoreTableViewModel(StoreService stores, OrderService orders, InspectionService inspection,
            FleetHealth health, StoreEvents storeEvents, UiExecutors executors, String actor) {
        this.stores = Objects.requireNonNull(stores);
        this.orders = Objects.requireNonNull(orders);
        this.inspection = Objects.requireNonNull(inspection);
        this.health = Objects.requireNonNull(health);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        search.addListener((o, a, b) -> refilter());
        statusFilter.addListener((o, a, b) -> refilter());
        healthFilter.addListener((o, a, b) -> refilter());
        outdatedOnly.addListener((o, a, b) -> refilter());
        selected.addListener((o, a, b) -> {
            loadEvents();
            // Set alone (a single-selection view, a test): the selection is that row, or nothing.
            if (b == null) {
                selection.clear();
            } else if (!selection.contains(b)) {
                selection.setAll(b);
            }
        });
        unsubscribe = storeEvents.subscribe(new StoreEvents.Listener() {
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

        retry = action(when(Store::canRetry), "Retrying", target -> stores.retry(target.id(), actor));
        // With "back up first" the upgrade is asked for after the backup; a failed backup is shown when it ends.
        upgrade = action(when(Store::canUpgrade), "Upgrading", target -> stores.upgrade(target.id(), Map.of(), actor,
                upgradeBackupFirst.get()).exceptionally(failure -> {
                    executors.ui().execute(() -> showError(failure));
                    return null;
                }));
        suspend = action(when(Store::canSuspend), "Suspending", target -> stores.suspend(target.id(), actor));
        resume = action(when(Store::canResume), "Resuming", target -> stores.resume(target.id(), actor));
        delete = action(when(Store::canDelete), "Deleting", target -> stores.delete(target.id(), actor));
        cancel = action(when(s -> s.status().isTransitional() && s.status() != StoreStatus.DELETING), "Cancelling",
                target -> stores.cancel(target.id(), actor));
        refresh = new Command(loading.not(), this::load);
        driftSelected = Bindings.createBooleanBinding(() -> {
            Store store = selectedStore.getValue();
            StoreHealth seen = selectedHealth.getValue();
            return store != null && store.status() == StoreStatus.READY && seen != null && seen.isDrift();
        }, selectedStore, selectedHealth);
        // Installs the selected drifted store again.
        reprovision = action(driftSelected, "Re-provisioning", target -> stores.reprovision(target.id(), actor));
        deleteSelected = bulk(Store::canDelete, "Deleting", target -> asked(() -> stores.delete(target.id(), actor)));
        retrySelected = bulk(Store::canRetry, "Retrying", target -> asked(() -> stores.retry(target.id(), actor)));
        // Each store's answer waits for its backup when one is taken first: a failed backup is a refusal.
        upgradeSelected = bulk(Store::canUpgrade, "Upgrading",
                target -> stores.upgrade(target.id(), Map.of(), actor, upgradeBackupFirst.get()).thenApply(s -> null));
        // A verification is queued per store and waited for: its result is what the summary tells.
        verifySelected = bulk(s -> s.status() == StoreStatus.READY, "Verified", target -> orders.verify(target.id(), actor)
                .thenApply(v -> v.ok() ? "passed" : "failed: " + v.detail()));
    }

    /** A command on the selected store: its target is captured when it runs, the call made in the background. */
    private Command action(ObservableBooleanValue allowed, String verb, Consumer<StoreTarget> call) {
        BackgroundTask<StoreTarget> task = BackgroundTask.capture(this::selectedTarget)
                .then(target -> {
                    call.accept(target);
                    return target;
                })
                .onSuccess(target -> {
                    error.set("");
                    notice.set(verb + " '" + target.name() + "'…");
                })
                .onFailure(this::showError)
                .named(verb + " a store");
        return new Command(allowed, () -> task.run(executors));
    }

    /**
     * A command on every selected store {@code allowed} holds for (executable while there is at
     * least one). The stores are captured when it runs; each is called in turn and one refusal
     * does not stop the others; {@link #bulkResultProperty()} then says what happened to each.
     */
    private Command bulk(Predicate<Store> allowed, String verb, Function<StoreTarget, CompletableFuture<String>> call) {
        BackgroundTask<BulkOutcome> task = BackgroundTask.capture(() -> BulkTargets.of(selection, allowed))
                .then(targets -> {
                    // Every store is asked first (queued work runs side by side), then each answer is awaited.
                    Map<StoreTarget, CompletableFuture<String>> asked = new LinkedHashMap<>();
                    for (StoreTarget target : targets.allowed()) {
                        try {
                            asked.put(target, call.apply(target));
                        } catch (RuntimeException e) {
                            asked.put(target, CompletableFuture.failedFuture(e));
                        }
                    }
                    BulkOutcome outcome = new BulkOutcome(targets.skipped());
                    asked.forEach((target, answer) -> {
                        try {
                            String result = answer.join();
                            outcome.done().add(target.name());
                            if (result != null) {
                                outcome.results().put(target.name(), result);
                            }
                        } catch (RuntimeException e) {
                            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            LOG.warn("{} store '{}' failed", verb, target.name(), cause);
                            outcome.refused().put(target.name(), ErrorMessages.of(cause));
                        }
                    });
                    return outcome;
                })
                .onSuccess(outcome -> bulkResult.set(outcome.summary(verb)))
                .onFailure(failure -> bulkResult.set(ErrorMessages.of(failure)))
                .named(verb + " the selected stores");
        BooleanBinding anyAllowed = Bindings.createBooleanBinding(
                () -> selection.stream().anyMatch(row -> allowed.test(row.store())), selection);
        return new Command(anyAllowed, () -> task.run(executors));
    }


    /** A request that is accepted or refused at once (its work queued): no result beyond "done". */
    private static CompletableFuture<String> asked(Runnable request) {
        request.run();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A new upgrade confirmation for the stores the upgrade would act on: the selected ones that may
     * be upgraded ({@code selection}) or the lead store alone; the first one's preview is read at once.
     */
    public UpgradeDialogViewModel upgradeDialog(boolean wholeSelection) {
        List<StoreTarget> targets = wholeSelection ? BulkTargets.of(selection, Store::canUpgrade).allowed()
                : List.of(selectedTarget());
        UpgradeDialogViewModel dialog = new UpgradeDialogViewModel(stores, executors, targets, upgradeBackupFirst);
        if (!targets.isEmpty()) {
            dialog.previewedProperty().set(targets.get(0).name());
        }
        return dialog;
    }

    /** Loads every store in the background; live updates that arrive meanwhile are not undone. */
    public CompletableFuture<Void> load() {
        long mine = ++loads;
        changedDuringLoad.clear();
        removedDuringLoad.clear();
        loading.set(true);
        boolean readBundled = !bundledRead;
        return BackgroundTask.of(() -> new Loaded(stores.list(), health.all(), readBundled ? bundledCharts() : null))
                .onSuccess(loaded -> {
                    if (loaded.bundled() != null && !loaded.bundled().isEmpty()) {
                        bundledRead = true;
                        bundled.set(Map.copyOf(loaded.bundled()));
                    }
                    if (mine == loads) {
                        loading.set(false);
                        error.set("");
                        show(loaded);
                    }
                })
                .onFailure(failure -> {
                    if (mine == loads) {
                        loading.set(false);
                        showError(failure);
                        emptyText.set("The stores cannot be shown: see the message above.");
                    }
                })
                .named("loading the stores")
                .run(executors);
    }

    /**
     * Fills the table from a load, keeping each row (and so the selection) where the store is still
     * there. What an event said after the load started wins over the list the load read, unless
     * that list's store is newer.
     */
    private void show(Loaded loaded) {
        List<StoreRow> fresh = new ArrayList<>(loaded.stores().size());
        Set<Long> listed = new HashSet<>();
        for (Store store : loaded.stores()) {
            long id = store.id();
            if (removedDuringLoad.contains(id)) {
                continue; // removed after the list was read
            }
            listed.add(id);
            StoreHealth judged = healthSeen.containsKey(id) ? healthSeen.get(id) : loaded.health().get(id);
            StoreRow row = byId.get(id);
            if (row == null) {
                row = new StoreRow(store, judged);
                row.bundled(bundledVersion(store.type()));
            } else {
                boolean heardNewer = changedDuringLoad.contains(id) && !store.updatedAt().isAfter(row.store().updatedAt());
                if (!heardNewer) {
                    row.update(store);
                }
                row.health(row.store().status() == StoreStatus.READY ? judged : null);
            }
            fresh.add(row);
        }
        for (long id : changedDuringLoad) {
            StoreRow row = byId.get(id);
            if (row != null && !listed.contains(id)) {
                fresh.add(row); // created after the list was read
            }
        }
        byId.clear();
        fresh.forEach(r -> {
            byId.put(r.id(), r);
            r.bundled(bundledVersion(r.store().type()));
        });
        rows.setAll(fresh);
        selection.removeIf(r -> byId.get(r.id()) != r);
        if (selected.get() != null && byId.get(selected.get().id()) != selected.get()) {
            selected.set(selection.isEmpty() ? null : selection.get(selection.size() - 1));
        }
        updateEmptyText();
    }

    private record Loaded(List<Store> stores, Map<Long, StoreHealth> health, Map<StoreType, ChartVersion> bundled) {
    }

    /**
     * The bundled charts (background thread); none when they cannot be read: then no store is called
     * outdated, which is what the table can honestly say, and the next load tries again.
     */
    private Map<StoreType, ChartVersion> bundledCharts() {
        try {
            Map<StoreType, ChartVersion> charts = stores.bundledCharts();
            return charts == null ? Map.of() : charts;
        } catch (RuntimeException e) {
            LOG.warn("The bundled charts' versions could not be read; no store is shown as outdated", e);
            return Map.of();
        }
    }

    /** The bundled chart's version for a store of {@code type}; null when not known. */
    private String bundledVersion(StoreType type) {
        ChartVersion chart = bundled.get().get(type);
        return chart == null ? null : chart.version();
    }

    /**
     * A new rollback dialog for the store selected now: each opening has its own revisions, pick
     * and difference, so two openings never share state.
     */
    public RollbackDialogViewModel rollbackDialog() {
        StoreRow row = selected.get();
        if (row == null) {
            throw new IllegalStateException("no store selected");
        }
        return new RollbackDialogViewModel(stores, executors, actor, row.store(), new RollbackDialogViewModel.Outcome() {
            @Override
            public void notice(String words) {
                error.set("");
                notice.set(words);
            }

            @Override
            public void error(String words) {
                error.set(words);
            }
        });
    }

    public BooleanBinding canRollback() {
        return when(Store::canRollback);
    }

    /** Reads the selected store's admin login (audited); the view puts it on the clipboard. */
    public CompletableFuture<StoreInspector.AdminCredentials> adminCredentials() {
        return BackgroundTask.capture(this::selectedTarget)
                .then(target -> inspection.adminCredentials(target.id(), actor))
                .onFailure(this::showError)
                .named("reading a store's admin login")
                .result(executors);
    }

    private CompletableFuture<?> loadEvents() {
        StoreRow row = selected.get();
        long request = ++eventsRequests; // only the newest read may fill the list (reloads, A→B→A)
        events.clear();
        if (row == null) {
            eventsEmptyText.set(EVENTS_NOTHING_SELECTED);
            return CompletableFuture.completedFuture(null);
        }
        String namespace = row.store().namespace();
        long id = row.id();
        eventsEmptyText.set("Reading the Kubernetes events of " + namespace + "…");
        return BackgroundTask.of(() -> inspection.recentEvents(id, 20))
                .onSuccess(list -> {
                    if (request == eventsRequests) {
                        events.setAll(list);
                        eventsEmptyText.set("No Kubernetes events in " + namespace
                                + " (the cluster keeps them about an hour).");
                    }
                })
                .onFailure(failure -> {
                    if (request == eventsRequests) {
                        eventsEmptyText.set(ErrorMessages.of(failure));
                    }
                })
                .named("reading the events of " + namespace)
                .run(executors);
    }

    public CompletableFuture<?> reloadEvents() {
        return loadEvents();
    }

    /** True while a store is selected and {@code allowed} holds for it (re-checked as it changes). */
    private BooleanBinding when(Predicate<Store> allowed) {
        return Bindings.createBooleanBinding(() -> {
            Store store = selectedStore.getValue();
            return store != null && allowed.test(store);
        }, selectedStore);
    }

    /** The selected store, read on the FX thread. */
    private StoreTarget selectedTarget() {
        StoreRow row = selected.get();
        if (row == null) {
            throw new IllegalStateException("no store selected");
        }
        return StoreTarget.of(row);
    }

    private void showError(Throwable failure) {
        error.set(ErrorMessages.of(failure));
    }

    private void upsert(Store store) {
        changedDuringLoad.add(store.id());
        removedDuringLoad.remove(store.id());
        StoreRow row = byId.get(store.id());
        if (row != null && row.store().updatedAt().isAfter(store.updatedAt())) {
            return; // an event that lost the race with a newer load or event
        }
        if (row == null) {
            row = new StoreRow(store);
            row.bundled(bundledVersion(store.type()));
            byId.put(store.id(), row);
            rows.add(row);
        } else {
            row.update(store);
        }
        updateEmptyText();
    }

    private void healthOf(long storeId, StoreHealth judged) {
        healthSeen.put(storeId, judged);
        StoreRow row = byId.get(storeId);
        if (row != null) {
            row.health(judged);
            updateEmptyText();
        }
    }

    private void remove(long id) {
        removedDuringLoad.add(id);
        changedDuringLoad.remove(id);
        healthSeen.remove(id);
        StoreRow row = byId.remove(id);
        if (row != null) {
            rows.remove(row);
            selection.remove(row);
            if (selected.get() == row) {
                selected.set(selection.isEmpty() ? null : selection.get(selection.size() - 1));
            }
        }
        updateEmptyText();
    }

    private void refilter() {
        String text = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        StoreStatus status = statusFilter.get();
        StoreHealth.State wantedHealth = healthFilter.get();
        boolean onlyOutdated = outdatedOnly.get();
        visible.setPredicate(row -> {
            Store s = row.store();
            if (onlyOutdated && !row.outdated()) {
                return false;
            }
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
            emptyText.set("No stores yet. Create one with New store (Ctrl+N).");
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

    /** True: only stores behind the bundled chart of their type are shown. */
    /** Whether the upgrade commands take a backup of each store first (the confirmation's check box). */
    public BooleanProperty upgradeBackupFirstProperty() {
        return upgradeBackupFirst;
    }

    public BooleanProperty outdatedOnlyProperty() {
        return outdatedOnly;
    }

    /** The chart this console carries per store type; empty until read (or when it cannot be). */
    public ReadOnlyObjectProperty<Map<StoreType, ChartVersion>> bundledChartsProperty() {
        return bundled;
    }

    /** Every store row, whatever the search and filters show (for a plan that picks by type). */
    public List<StoreRow> allRows() {
        return List.copyOf(rows);
    }

    /** The lead (focused) row, which the details show; {@link #select} sets it to the last row selected. */
    public ObjectProperty<StoreRow> selectedProperty() {
        return selected;
    }

    /** The table's multi-selection, in the order selected; read-only: views call {@link #select}. */
    public ObservableList<StoreRow> selection() {
        return selectionView;
    }

    /**
     * The view's selection changed (FX thread): these rows are selected, the last of them is the
     * lead row (null when none). Rows no longer in the table are left out.
     */
    public void select(List<StoreRow> picked) {
        List<StoreRow> known = picked.stream().filter(r -> r != null && byId.get(r.id()) == r).distinct().toList();
        selection.setAll(known);
        selected.set(known.isEmpty() ? null : known.get(known.size() - 1));
    }

    /** Selects every row the search and the status and health filters let through. */
    public void selectAllMatching() {
        select(List.copyOf(visible));
    }

    /** The names of the selected stores, for the one confirmation that lists them. */
    public List<String> selectedNames() {
        return selection.stream().map(r -> r.store().name()).toList();
    }

    /** Deletes every selected store that may be deleted; executable while at least one may. */
    public Command deleteSelectedCommand() {
        return deleteSelected;
    }

    /** Verifies every selected READY store (a test order placed and found); the summary has each one's result. */
    public Command verifySelectedCommand() {
        return verifySelected;
    }

    /** Upgrades every selected store that may be upgraded to the bundled chart. */
    public Command upgradeSelectedCommand() {
        return upgradeSelected;
    }

    /** Retries every selected FAILED store. */
    public Command retrySelectedCommand() {
        return retrySelected;
    }

    /** The ids of the selected stores, in the order selected (FX thread). */
    public List<Long> selectedIds() {
        return selection.stream().map(StoreRow::id).toList();
    }

    /** What the last action over the selection did to each store, in words; empty before any. */
    public ReadOnlyStringProperty bulkResultProperty() {
        return bulkResult.getReadOnlyProperty();
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

    /** Scales the selected READY store's workloads to zero; its volumes and release stay. */
    public Command suspendCommand() {
        return suspend;
    }

    /** Scales the selected SUSPENDED store's workloads back; READY once they are ready. */
    public Command resumeCommand() {
        return resume;
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

    /** Stops following store events; call when the console closes. */
    public void dispose() {
        unsubscribe.run();
    }
}
