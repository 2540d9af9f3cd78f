package dev.storefleet.viewmodel.rollout;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.RolloutWave;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.RolloutService;
import dev.storefleet.service.StoreService;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.preview.ChangePreviewViewModel;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rollouts page: a plan form, the plan's preview (the stores of each wave, those skipped as
 * already at the target, and what the upgrade changes in the first store), Start, the live
 * progress of the rollout picked (each wave's stores, their status and detail) with Pause, Resume
 * and Abort, and every rollout with its status and reason. Everything the services say is read
 * on background tasks; while the page is shown the list is read again every {@link #POLL_MS} ms,
 * never on the FX thread.
 */
public final class RolloutsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutsViewModel.class);
    static final long POLL_MS = 2000;

    private final RolloutService rollouts;
    private final StoreService stores;
    private final StoreTableViewModel table;
    private final UiExecutors executors;
    private final String actor;
    private final Executor pollDelay;

    private final PlanForm form = new PlanForm();
    private final ObservableList<PlannedWaveRow> plannedWaves = FXCollections.observableArrayList();
    /** What Start's confirmation lists, from the last preview of the plan (UI thread only). */
    private final List<String> confirmLines = new ArrayList<>();
    /** How a plan with "back up first" says so, in the confirmation and the rollout's progress. */
    static final String BACKUP_FIRST_WORDS = "A backup of each store is taken, and waited for, before its upgrade.";
    private final Runnable unsubscribe;
    private final ReadOnlyStringWrapper planSummary = new ReadOnlyStringWrapper(
            "Fill in the plan and press Preview plan to see its waves and what the upgrade changes.");
    private final ChangePreviewViewModel preview;
    private final ObservableList<Rollout> list = FXCollections.observableArrayList();
    private final ObjectProperty<Rollout> selected = new SimpleObjectProperty<>();
    private final ObservableList<RolloutEntryRow> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper listEmptyText = new ReadOnlyStringWrapper("Reading the rollouts…");
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private final StringBinding bundledText;
    private final Command previewPlan;
    private final Command start;
    private final Command pause;
    private final Command resume;
    private final Command abort;
    private final Command refresh;
    /** Bumped to stop the running poll loop (UI thread only). */
    private long pollGeneration;
    private boolean disposed;

    /** For the app: polls every {@link #POLL_MS} ms while the page is shown. */
    public RolloutsViewModel(RolloutService rollouts, StoreService stores, StoreTableViewModel table, UiExecutors executors,
            String actor) {
        this(rollouts, stores, table, executors, actor, CompletableFuture.delayedExecutor(POLL_MS, TimeUnit.MILLISECONDS));
    }

    /** @param pollDelay runs the next poll after the poll interval (any thread) */
    public RolloutsViewModel(RolloutService rollouts, StoreService stores, StoreTableViewModel table, UiExecutors executors,
            String actor, Executor pollDelay) {
        this.rollouts = Objects.requireNonNull(rollouts);
        this.stores = Objects.requireNonNull(stores);
        this.table = Objects.requireNonNull(table);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        this.pollDelay = Objects.requireNonNull(pollDelay);
        this.preview = new ChangePreviewViewModel(executors);
        bundledText = Bindings.createStringBinding(() -> bundledWords(table.bundledChartsProperty().get()),
                table.bundledChartsProperty());
        selected.addListener((o, was, now) -> showEntries(now));
        shown.addListener((o, was, now) -> {
            if (now) {
                startPolling();
            } else {
                pollGeneration++;
            }
        });

        previewPlan = new Command(new SimpleBooleanProperty(true), this::previewThePlan);
        BackgroundTask<Rollout> starting = BackgroundTask.capture(this::readPlanOrFail)
                .then(plan -> rollouts.start(plan, actor))
                .onSuccess(rollout -> {
                    error.set("");
                    form.clearErrors();
                    notice.set("Rollout #" + rollout.id() + " started.");
                    upsert(rollout);
                    selected.set(rollout);
                    reload();
                })
                .onFailure(failure -> {
                    if (failure instanceof PlanInvalid) {
                        return; // the form shows where
                    }
                    if (failure instanceof ValidationException refusal) {
                        form.show(refusal);
                        error.set("The plan was refused: see the fields marked.");
                    } else {
                        error.set("The rollout did not start. " + ErrorMessages.of(failure));
                    }
                })
                .named("starting a rollout");
        start = new Command(new SimpleBooleanProperty(true), () -> starting.run(executors));
        pause = onSelected(RolloutStatus.RUNNING::equals, "Pausing", rollouts::pause);
        resume = onSelected(RolloutStatus.PAUSED::equals, "Resuming", rollouts::resume);
        abort = onSelected(s -> !s.isFinished(), "Aborting", rollouts::abort);
        refresh = new Command(new SimpleBooleanProperty(true), this::reload);
        // Live: each change of a rollout as the engine records it; the poll covers other consoles' rollouts.
        unsubscribe = rollouts.subscribe(rollout -> executors.ui().execute(() -> {
            if (!disposed) {
                upsert(rollout);
            }
        }));
    }

    /** A plan the form refused: its fields say why. */
    private static final class PlanInvalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlanInvalid() {
            super("the plan has fields to fix", null, false, false);
        }
    }

    /** The form read on the FX thread; fails (quietly: the fields say it) when a field is wrong. */
    private RolloutPlan readPlanOrFail() {
        RolloutPlan plan = readPlan();
        if (plan == null) {
            throw new PlanInvalid();
        }
        return plan;
    }

    private RolloutPlan readPlan() {
        return form.read(table.selection(), table.allRows(), table.bundledChartsProperty().get());
    }

    /**
     * Reads the form and asks the rollout service for the plan's waves (its own checks and cut, the
     * stores already at the target marked skipped), then what the upgrade changes in the first store
     * it would upgrade; both in the background. Completes once the waves are shown (or refused).
     */
    private CompletableFuture<?> previewThePlan() {
        plannedWaves.clear();
        confirmLines.clear();
        RolloutPlan plan = readPlan();
        if (plan == null) {
            planSummary.set("The plan has fields to fix (marked under them).");
            preview.reset();
            return CompletableFuture.completedFuture(null);
        }
        planSummary.set("Cutting the plan into waves…");
        return BackgroundTask.of(() -> rollouts.preview(plan))
                .onSuccess(waves -> showPlan(plan, waves))
                .onFailure(failure -> {
                    preview.reset();
                    if (failure instanceof ValidationException refusal) {
                        form.show(refusal);
                        planSummary.set("The plan was refused: see the fields marked.");
                    } else {
                        form.clearErrors();
                        planSummary.set("The plan cannot be previewed. " + ErrorMessages.of(failure));
                    }
                })
                .named("previewing a rollout plan")
                .run(executors);
    }

    private void showPlan(RolloutPlan plan, List<RolloutWave> waves) {
        form.clearErrors();
        List<String> skipped = new ArrayList<>();
        RolloutEntry first = null;
        for (RolloutWave wave : waves) {
            List<String> names = new ArrayList<>();
            for (RolloutEntry e : wave.stores()) {
                if (e.status() == RolloutStoreStatus.SKIPPED) {
                    skipped.add(e.storeName());
                } else {
                    names.add(e.storeName());
                    first = first == null ? e : first;
                }
            }
            if (!names.isEmpty()) {
                String label = WaveLabels.label(wave.index(), plan.canary());
                plannedWaves.add(new PlannedWaveRow(label, names));
                confirmLines.add(label + ": " + String.join(", ", names));
            }
        }
        if (!skipped.isEmpty()) {
            confirmLines.add("Skipped (already at the target): " + String.join(", ", skipped));
        }
        if (plan.backupFirst()) {
            confirmLines.add(BACKUP_FIRST_WORDS);
        }
        planSummary.set(summaryOf(plannedWaves, skipped));
        if (first == null) {
            preview.reset();
            return;
        }
        long id = first.storeId();
        Map<String, Object> values = plan.values();
        preview.load("upgrading '" + first.storeName() + "' (the first store)", () -> stores.previewUpgrade(id, values));
    }

    static String summaryOf(List<PlannedWaveRow> waves, List<String> skipped) {
        int count = waves.stream().mapToInt(w -> w.stores().size()).sum();
        String words = count == 0 ? "No store to upgrade"
                : count + (count == 1 ? " store" : " stores") + " in " + waves.size()
                        + (waves.size() == 1 ? " wave" : " waves") + " ("
                        + waves.stream().map(w -> w.wave().toLowerCase(java.util.Locale.ROOT) + ": " + w.stores().size())
                                .collect(Collectors.joining(", ")) + ")";
        if (!skipped.isEmpty()) {
            words += "; skipped, already at the target: " + String.join(", ", skipped);
        }
        return words + ".";
    }

    /**
     * Start's confirmation (FX thread): previews the plan again, as it stands now, and completes with
     * one line per wave and the skipped stores; empty when the plan has fields to fix or was refused.
     */
    public CompletableFuture<List<String>> planToConfirm() {
        return previewPlan.execute().thenApply(ignored -> List.copyOf(confirmLines));
    }

    private Command onSelected(Predicate<RolloutStatus> allowed, String verb, BiFunction<Long, String, Rollout> call) {
        BooleanBinding when = Bindings.createBooleanBinding(() -> selected.get() != null && allowed.test(selected.get().status()),
                selected);
        BackgroundTask<Rollout> task = BackgroundTask.capture(() -> selected.get().id())
                .then(id -> call.apply(id, actor))
                .onSuccess(rollout -> {
                    error.set("");
                    notice.set(verb + " rollout #" + rollout.id() + ".");
                    upsert(rollout);
                })
                .onFailure(failure -> error.set(verb + " the rollout failed. " + ErrorMessages.of(failure)))
                .named(verb.toLowerCase(java.util.Locale.ROOT) + " a rollout");
        return new Command(when, () -> task.run(executors));
    }

    /** Reads every rollout again (the Refresh button, each poll). */
    public CompletableFuture<Void> reload() {
        return BackgroundTask.of(rollouts::list)
                .onSuccess(all -> {
                    error.set(error.get().startsWith("The rollouts cannot be read") ? "" : error.get());
                    showList(all);
                })
                .onFailure(failure -> {
                    error.set("The rollouts cannot be read. " + ErrorMessages.of(failure));
                    listEmptyText.set("The rollouts cannot be shown: see the message above.");
                    pollGeneration++; // a failing read is not repeated every second; Refresh or showing the page again does
                })
                .named("reading the rollouts")
                .run(executors);
    }

    private void showList(List<Rollout> all) {
        List<Rollout> read = all == null ? List.of() : all;
        for (Rollout now : read) {
            list.stream().filter(r -> r.id() == now.id()).findFirst().ifPresent(was -> noteSettled(was, now));
        }
        list.setAll(read);
        listEmptyText.set("No rollout yet. Fill in a plan above and press Start.");
        Rollout was = selected.get();
        if (was != null) {
            Rollout now = list.stream().filter(r -> r.id() == was.id()).findFirst().orElse(null);
            selected.set(now);
            if (now != null && now == selected.get()) {
                showEntries(now); // same record or not, what it says is shown
            }
        } else if (!list.isEmpty()) {
            selected.set(list.get(0));
        }
    }

    /**
     * One line for the operator's log (and the screenshot script, which waits for it) when a rollout
     * this page showed open has no work left: passed, or halted or aborted with its wave rolled back.
     */
    private static void noteSettled(Rollout was, Rollout now) {
        if (was.finishedAt() == null && now.finishedAt() != null) {
            LOG.info("Rollout {} {} and settled{}", now.id(), now.status().code(),
                    now.reason() == null ? "" : ": " + now.reason().lines().findFirst().orElse(""));
        }
    }

    private void upsert(Rollout rollout) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == rollout.id()) {
                noteSettled(list.get(i), rollout);
                list.set(i, rollout);
                if (selected.get() != null && selected.get().id() == rollout.id()) {
                    selected.set(rollout);
                }
                return;
            }
        }
        list.add(0, rollout);
    }

    private void showEntries(Rollout rollout) {
        if (rollout == null) {
            entries.clear();
            progress.set("");
            reason.set("");
            return;
        }
        int canary = rollout.plan() == null ? 0 : rollout.plan().canary();
        List<RolloutEntryRow> rows = new ArrayList<>();
        List<String> waves = new ArrayList<>();
        for (RolloutWave wave : rollout.waves()) {
            String label = WaveLabels.label(wave.index(), canary);
            wave.stores().forEach(e -> rows.add(RolloutEntryRow.of(label, e)));
            waves.add(label + ": " + waveWords(wave));
        }
        entries.setAll(rows);
        boolean backupFirst = rollout.plan() != null && rollout.plan().backupFirst();
        progress.set("Rollout #" + rollout.id() + " " + rollout.status().code()
                + (backupFirst ? " · " + BACKUP_FIRST_WORDS : "")
                + (waves.isEmpty() ? "" : "\n" + String.join(" · ", waves)));
        reason.set(rollout.reason() == null ? "" : rollout.reason());
    }

    /** "2 passed, 1 upgrading, 1 pending". */
    static String waveWords(RolloutWave wave) {
        Map<RolloutStoreStatus, Long> counts = wave.stores().stream()
                .collect(Collectors.groupingBy(e -> e.status(), () -> new java.util.EnumMap<>(RolloutStoreStatus.class),
                        Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().code().replace('_', ' '))
                .collect(Collectors.joining(", "));
    }

    private static String bundledWords(Map<StoreType, ChartVersion> bundled) {
        if (bundled == null || bundled.isEmpty()) {
            return "The bundled chart of each store's type (its version is not known to this console yet).";
        }
        return "The bundled charts: " + bundled.values().stream().map(ChartVersion::label).sorted()
                .collect(Collectors.joining(", ")) + ".";
    }

    private void startPolling() {
        long generation = ++pollGeneration;
        poll(generation);
    }

    private void poll(long generation) {
        if (disposed || generation != pollGeneration || !shown.get()) {
            return;
        }
        reload().whenComplete((ok, failure) -> pollDelay.execute(() -> executors.ui().execute(() -> poll(generation))));
    }

    public PlanForm form() {
        return form;
    }

    /** Which chart the stores go to: the bundled one of their type, named when known. */
    public StringBinding bundledTextProperty() {
        return bundledText;
    }

    /** The plan preview's waves, after Preview plan. */
    public ObservableList<PlannedWaveRow> plannedWaves() {
        return FXCollections.unmodifiableObservableList(plannedWaves);
    }

    /** How many stores in how many waves, and which are skipped; or why there is no preview. */
    public ReadOnlyStringProperty planSummaryProperty() {
        return planSummary.getReadOnlyProperty();
    }

    /** What upgrading the plan's first store changes. */
    public ChangePreviewViewModel preview() {
        return preview;
    }

    /** Every rollout, newest first. */
    public ObservableList<Rollout> rollouts() {
        return FXCollections.unmodifiableObservableList(list);
    }

    /** The rollout whose progress is shown; the view binds its selection to it. */
    public ObjectProperty<Rollout> selectedProperty() {
        return selected;
    }

    /** The picked rollout's stores, wave by wave. */
    public ObservableList<RolloutEntryRow> entries() {
        return FXCollections.unmodifiableObservableList(entries);
    }

    /** "Rollout #3 halted" and a line of each wave's counts. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Why the picked rollout halted or was aborted, in the engine's words (may span lines: a log's tail); "" if none. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty listEmptyTextProperty() {
        return listEmptyText.getReadOnlyProperty();
    }

    /** True while the page is in front: the list is read every second meanwhile. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public Command previewPlanCommand() {
        return previewPlan;
    }

    /** Starts the plan in the form (after the view's confirmation); field errors are shown in place. */
    public Command startCommand() {
        return start;
    }

    public Command pauseCommand() {
        return pause;
    }

    public Command resumeCommand() {
        return resume;
    }

    public Command abortCommand() {
        return abort;
    }

    public Command refreshCommand() {
        return refresh;
    }

    /** Stops polling, for good. */
    public void dispose() {
        unsubscribe.run();
        disposed = true;
        pollGeneration++;
    }
}
