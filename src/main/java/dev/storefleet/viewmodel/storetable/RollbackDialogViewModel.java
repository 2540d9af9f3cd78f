package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.preview.ChangePreviewViewModel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One opening of the rollback dialog, made by {@link StoreTableViewModel#rollbackDialog()} for the
 * store selected then: its revisions, the revision picked, what rolling back to it changes, and
 * the rollback itself. Bound to that store for good (the table's selection may move meanwhile),
 * and to nothing another opening shares.
 */
public final class RollbackDialogViewModel {
    static final String PICK_A_REVISION = "Select a revision to see what rolling back to it changes.";

    /** Where the dialog's outcome is shown once it is closed: the table's notice and error lines. */
    interface Outcome {
        void notice(String words);

        void error(String words);
    }

    private final StoreService stores;
    private final UiExecutors executors;
    private final Store store;
    private final Outcome outcome;

    private final ObservableList<ReleaseInfo> history = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> target = new SimpleObjectProperty<>();
    private final ObservableList<ValuesDiff.Change> changes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(PICK_A_REVISION);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** What rolling back does to the rendered manifests (objects and their diffs), read beside the values. */
    private final ChangePreviewViewModel manifests;
    private final BackgroundTask<List<ReleaseInfo>> readHistory;
    private final Command rollback;
    /** The last diff read asked for (UI thread only): only its answer may fill the list. */
    private long diffRequests;

    RollbackDialogViewModel(StoreService stores, UiExecutors executors, String actor, Store store, Outcome outcome) {
        this.stores = Objects.requireNonNull(stores);
        this.executors = Objects.requireNonNull(executors);
        this.store = Objects.requireNonNull(store);
        this.outcome = Objects.requireNonNull(outcome);
        Objects.requireNonNull(actor);
        long id = store.id();
        manifests = new ChangePreviewViewModel(executors);
        readHistory = BackgroundTask.of(() -> stores.history(id))
                .onSuccess(history::setAll)
                .onFailure(failure -> outcome.error(ErrorMessages.of(failure))) // the dialog does not open
                .named("reading the revisions of '" + store.name() + "'");
        target.addListener((o, a, b) -> loadDiff());
        // The revision is the one picked when the operator confirms, read then on the FX thread.
        BackgroundTask<RolledBack> rollingBack = BackgroundTask.capture(target::get)
                .then(revision -> new RolledBack(revision, stores.rollback(id, revision, actor)))
                .onSuccess(done -> outcome.notice("Rolling back '" + done.store().name() + "' to revision "
                        + done.revision() + "…"))
                .onFailure(failure -> outcome.error(ErrorMessages.of(failure)))
                .named("rolling back '" + store.name() + "'");
        rollback = new Command(target.isNotNull(), () -> rollingBack.run(executors));
    }

    private record RolledBack(int revision, Store store) {
    }

    /** Reads the revisions Helm keeps for the store; completes with them once the list has them. */
    public CompletableFuture<List<ReleaseInfo>> loadHistory() {
        return readHistory.result(executors);
    }

    /**
     * Compares the store's current revision with the picked one (values and chart) in the
     * background; an answer that arrives after the pick changed is dropped.
     */
    private CompletableFuture<Void> loadDiff() {
        Integer revision = target.get();
        long request = ++diffRequests;
        changes.clear();
        error.set("");
        if (revision == null) {
            summary.set(PICK_A_REVISION);
            manifests.reset();
            return CompletableFuture.completedFuture(null);
        }
        summary.set("Reading the values of revision " + revision + "…");
        long id = store.id();
        CompletableFuture<Void> values = BackgroundTask.of(() -> stores.rollbackDiff(id, revision))
                .onSuccess(diff -> {
                    if (request == diffRequests) {
                        changes.setAll(diff.changes());
                        summary.set(diff.summary());
                    }
                })
                .onFailure(failure -> {
                    if (request == diffRequests) {
                        summary.set("");
                        error.set("What rolling back changes cannot be shown: " + ErrorMessages.of(failure));
                    }
                })
                .named("reading what rolling back '" + store.name() + "' to revision " + revision + " changes")
                .run(executors);
        // Then the objects: the values table is what the operator reads first.
        CompletableFuture<Void> objects = manifests.load("rolling '" + store.name() + "' back to revision " + revision,
                () -> stores.previewRollback(id, revision));
        return CompletableFuture.allOf(values, objects);
    }

    /** Reads the difference for the picked revision again (after an error, or a change meanwhile). */
    public CompletableFuture<Void> reloadDiff() {
        return loadDiff();
    }

    /** What rolling back to the picked revision does to the release's objects. */
    public ChangePreviewViewModel manifests() {
        return manifests;
    }

    /** The store as it was when the dialog was opened. */
    public Store store() {
        return store;
    }

    /** The revisions Helm keeps, once {@link #loadHistory()} has read them. */
    public ObservableList<ReleaseInfo> history() {
        return FXCollections.unmodifiableObservableList(history);
    }

    /** The revision picked (null: none); the view binds it to its selection. */
    public ObjectProperty<Integer> targetRevisionProperty() {
        return target;
    }

    /** The values that change if the store is rolled back to the picked revision; secrets masked. */
    public ObservableList<ValuesDiff.Change> changes() {
        return FXCollections.unmodifiableObservableList(changes);
    }

    /** Revisions, chart change and how many values change, or "no value changes"; what is loading. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the revisions or the difference cannot be shown, in words; empty when they can. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Rolls the store back to the picked revision; executable once one is picked. */
    public Command rollbackCommand() {
        return rollback;
    }
}
