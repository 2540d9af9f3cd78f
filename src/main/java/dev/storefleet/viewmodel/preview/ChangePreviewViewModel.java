package dev.storefleet.viewmodel.preview;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a change of one store would do, as the upgrade confirmation, the rollback dialog and the
 * rollout plan show it: the chart before and after, the user values that change (secrets masked by
 * the service), the Kubernetes objects added, removed and changed, and the unified diff of the
 * object picked. The preview is read in the background; while it reads, the operator can stop
 * waiting ({@link #cancelCommand()}): the answer is then dropped, as is any answer but the newest.
 */
public final class ChangePreviewViewModel {
    static final String NOTHING_YET = "No preview yet.";

    private final UiExecutors executors;
    private final ReadOnlyObjectWrapper<ChangePreview> preview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(NOTHING_YET);
    private final ReadOnlyStringWrapper charts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<ValuesDiff.Change> values = FXCollections.observableArrayList();
    private final ObservableList<ManifestDiff.ObjectChange> objects = FXCollections.observableArrayList();
    private final ObjectProperty<ManifestDiff.ObjectChange> picked = new SimpleObjectProperty<>();
    private final ObservableList<DiffLine> diff = FXCollections.observableArrayList();
    private final Command cancel;
    /** Reads asked for so far (UI thread only): only the newest one's answer is shown. */
    private long requests;

    public ChangePreviewViewModel(UiExecutors executors) {
        this.executors = Objects.requireNonNull(executors);
        picked.addListener((o, was, now) -> diff.setAll(now == null ? List.of() : DiffLine.of(now.unifiedDiff())));
        cancel = new Command(loading, () -> {
            requests++;
            loading.set(false);
            summary.set("Preview cancelled: nothing was changed.");
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Reads a preview in the background (call on the FX thread); {@code what} says what is read
     * ("the upgrade of 'Corner Shop'"). Completes once the answer (or the failure) is shown or dropped.
     */
    public CompletableFuture<Void> load(String what, Supplier<ChangePreview> read) {
        long request = ++requests;
        clear();
        loading.set(true);
        summary.set("Computing what " + what + " changes…");
        return BackgroundTask.of(read)
                .onSuccess(p -> {
                    if (request == requests) {
                        loading.set(false);
                        show(p);
                    }
                })
                .onFailure(failure -> {
                    if (request == requests) {
                        loading.set(false);
                        summary.set("");
                        error.set("What " + what + " changes cannot be shown: " + ErrorMessages.of(failure));
                    }
                })
                .named("previewing " + what)
                .run(executors);
    }

    /** Shows nothing (no store picked). */
    public void reset() {
        requests++;
        clear();
        summary.set(NOTHING_YET);
    }

    private void clear() {
        loading.set(false);
        preview.set(null);
        error.set("");
        charts.set("");
        values.clear();
        picked.set(null);
        objects.clear();
    }

    private void show(ChangePreview p) {
        if (p == null) {
            error.set("The preview came back empty: nothing can be said about this change.");
            summary.set("");
            return;
        }
        preview.set(p);
        charts.set(chartLine(p));
        values.setAll(p.values() == null ? List.of() : p.values().changes());
        objects.setAll(p.manifests() == null ? List.of() : p.manifests().objects());
        summary.set(summaryOf(p));
        if (!objects.isEmpty()) {
            picked.set(objects.stream().filter(c -> c.change() == ManifestDiff.Kind.CHANGED).findFirst()
                    .orElse(objects.get(0)));
        }
    }

    static String chartLine(ChangePreview p) {
        String before = p.chartBefore() == null ? "unknown chart" : p.chartBefore();
        String after = p.chartAfter() == null ? "unknown chart" : p.chartAfter();
        return before.equals(after) ? "Chart " + before + " (stays)" : "Chart " + before + " → " + after;
    }

    /** "2 values change; objects: 1 added, 3 changed" or "Already at the target: nothing changes." */
    static String summaryOf(ChangePreview p) {
        if (p.atTarget()) {
            return "Already at the target: nothing changes.";
        }
        int valueCount = p.values() == null ? 0 : p.values().changes().size();
        List<ManifestDiff.ObjectChange> changed = p.manifests() == null ? List.of() : p.manifests().objects();
        long added = changed.stream().filter(c -> c.change() == ManifestDiff.Kind.ADDED).count();
        long removed = changed.stream().filter(c -> c.change() == ManifestDiff.Kind.REMOVED).count();
        long modified = changed.stream().filter(c -> c.change() == ManifestDiff.Kind.CHANGED).count();
        String words = valueCount == 0 ? "No value changes" : valueCount == 1 ? "1 value changes"
                : valueCount + " values change";
        if (changed.isEmpty()) {
            return words + "; no object changes.";
        }
        return words + "; objects: " + added + " added, " + removed + " removed, " + modified + " changed.";
    }

    /** The preview shown; null while reading, after a failure, or before any. */
    public ReadOnlyObjectProperty<ChangePreview> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** What the change amounts to, what is being read, or that it was cancelled. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "Chart woocommerce-0.1.0 → woocommerce-0.2.0"; empty without a preview. */
    public ReadOnlyStringProperty chartsProperty() {
        return charts.getReadOnlyProperty();
    }

    /** Why the preview cannot be shown, in words; empty when it can. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The user values that change; secrets masked. */
    public ObservableList<ValuesDiff.Change> values() {
        return FXCollections.unmodifiableObservableList(values);
    }

    /** The Kubernetes objects added, removed or changed. */
    public ObservableList<ManifestDiff.ObjectChange> objects() {
        return FXCollections.unmodifiableObservableList(objects);
    }

    /** The object whose diff is shown; the view binds its selection to it (the first changed one at first). */
    public ObjectProperty<ManifestDiff.ObjectChange> pickedObjectProperty() {
        return picked;
    }

    /** The unified diff of the picked object, line by line. */
    public ObservableList<DiffLine> diff() {
        return FXCollections.unmodifiableObservableList(diff);
    }

    /** Stops waiting for the preview being read (the answer is dropped); executable while reading. */
    public Command cancelCommand() {
        return cancel;
    }
}
