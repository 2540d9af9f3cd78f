package dev.storefleet.viewmodel.backups;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.Verification;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.BackupService.Into;
import dev.storefleet.service.BackupService.RestoreResult;
import dev.storefleet.service.DataJob;
import dev.storefleet.service.port.BackupArchives.Listed;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.BackupArchives.Part;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The backups of the store selected in the store table, and the backup, restore or clone running
 * for it. Each store has at most one job here ({@link StoreJob}), kept while another store is
 * selected: its progress, notice and error come back when its store is selected again.
 *
 * <p>Every call to {@link BackupService} runs in the background; its inputs are read on the UI
 * thread first. A job's progress comes from the streaming threads; the latest of it reaches the UI
 * thread at most once per {@link #FLUSH} (the {@code flushes} executor), never once per chunk.
 * Every property here is changed on the UI thread only.
 */
public final class BackupsViewModel {
    /** What a backup asked for in the console gives as its reason (audited, listed). */
    public static final String REASON = "asked for in the console";
    /** What the restore dialog proposes as the name of a new store: "Corner Shop (restored)". */
    public static final String RESTORED_SUFFIX = " (restored)";
    /** How long progress gathers before it reaches the UI thread: at most ten updates a second. */
    static final Duration FLUSH = Duration.ofMillis(100);
    private static final String VERIFIED = "test order placed and found";

    private final BackupService backups;
    private final UiExecutors executors;
    private final Executor flushes;
    private final Clock clock;
    private final ZoneId zone;
    private final String actor;

    /** The selected row's store, live: null when no store is selected. */
    private final ObservableValue<Store> store;
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private final ObservableList<BackupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BackupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<BackupRow> selectedBackup = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listError = new ReadOnlyStringWrapper("");
    /** The current store's job, as the view binds it. */
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    /** One job per store, with its last outcome; touched on the UI thread only. */
    private final Map<Long, StoreJob> jobs = new HashMap<>();

    private final StringBinding placeholder;
    private final Command backUp;
    private final Command cloneToStaging;
    private final Command cancel;
    private final BooleanBinding restoreAllowed;
    private final Command delete;
    private final Command refresh;

    /** For the app: progress flushed to the UI thread every {@link #FLUSH}, times in the system's zone. */
    public BackupsViewModel(BackupService backups, ObservableValue<StoreRow> selected, UiExecutors executors,
            String actor) {
        this(backups, selected, executors, actor,
                CompletableFuture.delayedExecutor(FLUSH.toMillis(), TimeUnit.MILLISECONDS, executors.ui()),
                Clock.systemUTC(), ZoneId.systemDefault());
    }

    /** @param flushes runs a progress flush on the UI thread after the flush delay */
    public BackupsViewModel(BackupService backups, ObservableValue<StoreRow> selected, UiExecutors executors,
            String actor, Executor flushes, Clock clock, ZoneId zone) {
        this.backups = Objects.requireNonNull(backups);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        this.flushes = Objects.requireNonNull(flushes);
        this.clock = Objects.requireNonNull(clock);
        this.zone = Objects.requireNonNull(zone);
        this.store = selected.flatMap(StoreRow::storeProperty);

        BooleanBinding ready = Bindings.createBooleanBinding(() -> store.getValue() != null
                && store.getValue().status() == StoreStatus.READY && !running.get(), store, running);
        BooleanBinding backupPicked = Bindings.createBooleanBinding(() -> selectedBackup.get() != null
                && !running.get(), selectedBackup, running);
        placeholder = Bindings.createStringBinding(this::placeholderText, store, loaded, listError);
        // Per store: a job running for one store does not hold the buttons of another.
        backUp = Command.perTarget(ready, this::backUp);
        cloneToStaging = Command.perTarget(ready, this::cloneToStaging);
        cancel = new Command(running, this::cancel);
        restoreAllowed = Bindings.createBooleanBinding(() -> backupPicked.get() && selectedBackup.get().intact(),
                backupPicked, selectedBackup);
        delete = new Command(backupPicked, this::delete);
        refresh = new Command(Bindings.createBooleanBinding(() -> store.getValue() != null, store), this::reload);

        store.addListener((obs, before, now) -> storeChanged(before, now));
        shown.addListener((obs, was, now) -> {
            if (now) {
                reload();
            }
        });
    }

    /** What runs for one store: the job under way (null when none), its progress in words, its outcome. */
    private static final class StoreJob {
        boolean active;
        /** Cancel was asked: the progress says so until the job ends. */
        boolean cancelling;
        DataJob<?> job;
        String progress = "";
        String notice = "";
        String error = "";
        /** Whether a progress flush is queued: the streaming threads set it, the UI thread clears it. */
        final AtomicBoolean flushQueued = new AtomicBoolean();
        volatile DataJob.Progress latest;
    }

    // ---- the selection and the list ---------------------------------------------------------

    private void storeChanged(Store before, Store now) {
        if (before != null && now != null && before.id().equals(now.id())) {
            return; // the same store, updated (its status): the bindings follow
        }
        selectedBackup.set(null);
        rows.clear();
        loaded.set(false);
        listError.set("");
        showJob();
        if (shown.get() && now != null) {
            reload();
        }
    }

    /** Reads the selected store's backups again (newest first). */
    private CompletableFuture<Void> reload() {
        Store s = store.getValue();
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        long id = s.id();
        return BackgroundTask.of(() -> backups.list(id))
                .onSuccess(list -> {
                    if (isCurrent(id)) {
                        show(list);
                    }
                })
                .onFailure(failure -> {
                    if (isCurrent(id)) {
                        listError.set("The backups of '" + s.name() + "' could not be read. "
                                + ErrorMessages.of(failure));
                    }
                })
                .named("reading the backups of '" + s.name() + "'")
                .run(executors);
    }

    private void show(List<Listed> list) {
        String kept = selectedBackup.get() == null ? null : selectedBackup.get().backupId();
        var now = clock.instant();
        rows.setAll(list.stream().map(l -> BackupRow.of(l, now, zone)).toList());
        loaded.set(true);
        listError.set("");
        selectedBackup.set(rows.stream().filter(r -> r.backupId().equals(kept)).findFirst().orElse(null));
    }

    // ---- the jobs ------------------------------------------------------------------------------

    private CompletableFuture<?> backUp() {
        return start("Backup", id -> backups.backup(id, REASON, actor), (Manifest m) -> "Backup " + m.backupId()
                + " written (" + BackupRow.size(m.parts().stream().mapToLong(Part::size).sum()) + ").");
    }

    private CompletableFuture<?> cloneToStaging() {
        return start("Clone to staging", id -> backups.cloneToStaging(id, actor), (RestoreResult r) -> "Cloned into '"
                + r.store().name() + "'. " + verified(r.verification()));
    }

    /**
     * Restores the selected backup into the selected store ({@link Into#SAME}, after a safety
     * backup) or into a new store; the outcome says whether the verification passed.
     */
    public CompletableFuture<?> restore(Into into) {
        BackupRow row = selectedBackup.get();
        if (row == null || running.get()) {
            return CompletableFuture.completedFuture(null);
        }
        String backupId = row.backupId();
        return start("Restore", id -> backups.restore(id, backupId, into, actor), (RestoreResult r) ->
                verified(r.verification()) + (into.same() ? "" : " The new store is '" + r.store().name() + "'.")
                        + (r.safetyBackup() == null ? "" : " Safety backup " + r.safetyBackup().backupId()
                                + " was taken first."));
    }

    /** "Restored and verified: test order placed and found" or why the verification failed. */
    static String verified(Verification v) {
        return v.ok() ? "Restored and verified: " + VERIFIED + "."
                : "Restored, but the verification failed: " + v.detail();
    }

    /**
     * Starts a job for the selected store: its service call in the background, then its progress
     * and its end followed for that store, whichever is selected by then.
     */
    private <T> CompletableFuture<?> start(String what, LongFunction<DataJob<T>> call, Function<T, String> done) {
        Store s = store.getValue();
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        long id = s.id();
        StoreJob state = jobs.computeIfAbsent(id, k -> new StoreJob());
        state.active = true;
        state.cancelling = false;
        state.job = null;
        state.progress = what + " of '" + s.name() + "': starting…";
        state.notice = "";
        state.error = "";
        showJob();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        BackgroundTask.of(() -> call.apply(id))
                .onSuccess(job -> follow(id, state, job, what, s.name(), done, ended))
                .onFailure(failure -> {
                    end(id, state, "", what + " of '" + s.name() + "' was refused. " + ErrorMessages.of(failure));
                    ended.complete(null);
                })
                .named(what.toLowerCase(Locale.ROOT) + " of '" + s.name() + "'")
                .run(executors);
        return ended;
    }

    private <T> void follow(long id, StoreJob state, DataJob<T> job, String what, String name,
            Function<T, String> done, CompletableFuture<Void> ended) {
        state.job = job;
        state.latest = job.progress();
        flush(id, state);
        job.onProgress(p -> {
            state.latest = p;
            if (!state.flushQueued.getAndSet(true)) {
                flushes.execute(() -> flush(id, state));
            }
        });
        job.result().whenCompleteAsync((result, failure) -> {
            if (failure == null) {
                end(id, state, done.apply(result), "");
                reloadIfCurrent(id);
            } else {
                Throwable cause = failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure;
                end(id, state, "", cause instanceof CancellationException
                        ? what + " of '" + name + "' cancelled; nothing of it was kept."
                        : what + " of '" + name + "' failed: " + ErrorMessages.of(cause));
                reloadIfCurrent(id); // a restore's safety backup may be there even so
            }
            ended.complete(null);
        }, executors.ui());
    }

    /** On the UI thread: the latest progress of the store's job, in words. */
    private void flush(long id, StoreJob state) {
        state.flushQueued.set(false);
        DataJob.Progress p = state.latest;
        if (!state.active || state.cancelling || p == null) {
            return;
        }
        state.progress = p.bytes() > 0 ? p.step() + "… " + BackupRow.size(p.bytes()) : p.step() + "…";
        if (isCurrent(id)) {
            progress.set(state.progress);
        }
    }

    private void end(long id, StoreJob state, String noticeText, String errorText) {
        state.active = false;
        state.cancelling = false;
        state.job = null;
        state.progress = "";
        state.notice = noticeText;
        state.error = errorText;
        if (isCurrent(id)) {
            showJob();
        }
    }

    private void reloadIfCurrent(long id) {
        if (isCurrent(id) && shown.get()) {
            reload();
        }
    }

    /** Asks the selected store's job to stop at its next chunk (the cancel itself runs in the background). */
    private CompletableFuture<?> cancel() {
        Store s = store.getValue();
        StoreJob state = s == null ? null : jobs.get(s.id());
        DataJob<?> job = state == null ? null : state.job;
        if (job == null) {
            return CompletableFuture.completedFuture(null);
        }
        state.cancelling = true;
        state.progress = "Cancelling…";
        showJob();
        return BackgroundTask.of(job::cancel).named("cancelling a job of '" + s.name() + "'").run(executors);
    }

    private CompletableFuture<?> delete() {
        Store s = store.getValue();
        BackupRow row = selectedBackup.get();
        if (s == null || row == null) {
            return CompletableFuture.completedFuture(null);
        }
        long id = s.id();
        String backupId = row.backupId();
        return BackgroundTask.of(() -> {
            backups.delete(id, backupId, actor);
            return backupId;
        }).onSuccess(deleted -> {
            if (isCurrent(id)) {
                notice.set("Backup " + deleted + " deleted.");
                error.set("");
                reload();
            }
        }).onFailure(failure -> {
            if (isCurrent(id)) {
                error.set("Backup " + backupId + " could not be deleted. " + ErrorMessages.of(failure));
            }
        }).named("deleting backup " + backupId).run(executors);
    }

    /** The selected store's job (or its last outcome) into the properties the view binds. */
    private void showJob() {
        Store s = store.getValue();
        StoreJob state = s == null ? null : jobs.get(s.id());
        running.set(state != null && state.active);
        progress.set(state == null ? "" : state.progress);
        notice.set(state == null ? "" : state.notice);
        error.set(state == null ? "" : state.error);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private boolean isCurrent(long id) {
        Store s = store.getValue();
        return s != null && s.id() == id;
    }

    private String placeholderText() {
        Store s = store.getValue();
        if (s == null) {
            return "Select a store to see its backups.";
        }
        if (!listError.get().isEmpty()) {
            return listError.get();
        }
        if (!loaded.get()) {
            return "Reading the backups of '" + s.name() + "'…";
        }
        return "No backups yet: Back up takes one of this store's database and files.";
    }

    /** What the restore dialog proposes for a new store: the selected store's name + " (restored)". */
    public String defaultRestoreName() {
        Store s = store.getValue();
        return s == null ? "" : s.name() + RESTORED_SUFFIX;
    }

    /** The selected store's name, for the dialogs' words ("" when none). */
    public String storeName() {
        Store s = store.getValue();
        return s == null ? "" : s.name();
    }

    // ---- what the view binds to ----------------------------------------------------------------

    /** Set by the view: true while its tab is in front and its window open; the list is read then. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    /** The selected store's backups, newest first. */
    public ObservableList<BackupRow> rows() {
        return rowsView;
    }

    /** The backup picked in the table (set by the view); what Restore and Delete act on. */
    public ObjectProperty<BackupRow> selectedBackupProperty() {
        return selectedBackup;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True while a backup, restore or clone of the selected store runs (or is being started). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The running job's step and bytes so far: "streaming database.sql of 'Shop'… 12.4 MB". */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the last job (or delete) of the selected store did, in words; "" when nothing to say. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Why the last job of the selected store failed or was cancelled, in words; "" otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableStringValue placeholderProperty() {
        return placeholder;
    }

    public Command backUpCommand() {
        return backUp;
    }

    public Command cloneToStagingCommand() {
        return cloneToStaging;
    }

    public Command cancelCommand() {
        return cancel;
    }

    /** True when an intact backup is picked and nothing runs: the view asks where to, then calls {@link #restore}. */
    public ObservableBooleanValue restoreAllowedProperty() {
        return restoreAllowed;
    }

    /** Deletes the picked backup (the view confirms first). */
    public Command deleteCommand() {
        return delete;
    }

    public Command refreshCommand() {
        return refresh;
    }
}
