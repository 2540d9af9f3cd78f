package dev.storefleet.viewmodel.pods;

import dev.storefleet.domain.Store;
import dev.storefleet.service.PodService;
import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The pods of the store selected in the store table, and the log of one container.
 *
 * <p>While the view is shown ({@link #shownProperty()}: its tab is in front and its window open)
 * the pods are read every {@link #POLL} in the background; hidden, nothing is read and a followed
 * log is stopped. Picking a pod picks its first app container; picking a container reads the newest
 * {@link #TAIL_LINES} lines of its log (or of its previous instance, for a container that
 * restarted). Follow streams new lines into a buffer of at most {@link #LOG_CAPACITY} lines, which
 * reaches the UI in batches ({@link LogBuffer}); it stops when turned off, when another pod,
 * container or store is picked, when the view is hidden, and when the log ends.
 *
 * <p>Every property here is changed on the UI thread only.
 */
public final class PodsViewModel {
    /** The most log lines kept for the view; older ones are dropped as new ones come. */
    public static final int LOG_CAPACITY = 5_000;
    /** Lines read when a container is picked or a follow starts. */
    public static final int TAIL_LINES = 500;
    /** How often the pods are read again while the view is shown. */
    public static final Duration POLL = Duration.ofSeconds(3);
    /** How long log lines gather before they reach the UI thread together. */
    static final Duration FLUSH = Duration.ofMillis(100);

    private final PodService pods;
    private final UiExecutors executors;
    private final Executor pollDelay;
    private final Clock clock;

    /** The selected row's store, live: null when no store is selected. */
    private final ObservableValue<Store> store;
    private final BooleanProperty shown = new SimpleBooleanProperty(false);
    private final ObservableList<PodRow> rows = FXCollections.observableArrayList();
    private final ObservableList<PodRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<PodRow> selectedPod = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> containers = FXCollections.observableArrayList();
    private final ObservableList<String> containersView = FXCollections.unmodifiableObservableList(containers);
    private final StringProperty container = new SimpleStringProperty();
    private final BooleanProperty previous = new SimpleBooleanProperty(false);
    private final BooleanProperty follow = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper logStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper logError = new ReadOnlyStringWrapper("");
    private final LogBuffer log;

    private final BooleanBinding previousAvailable;
    private final BooleanBinding followAvailable;
    private final StringBinding placeholder;
    private final StringBinding logPlaceholder;
    private final Command refresh;

    /** Bumped to stop the running poll loop (hidden, other store, disposed). */
    private long pollGeneration;
    /** The open follow, if any. */
    private StorePods.LogFollow following;
    /** Whether the latest follow's lines are still wanted: off at once when it stops, before its close has run. */
    private AtomicBoolean followLive = new AtomicBoolean(false);
    /** While the view-model itself picks a pod's container: one log read, not one per change. */
    private boolean picking;
    /** While the rows are replaced: the table's passing selection changes are not the operator's. */
    private boolean replacingRows;

    /** For the app: polls every {@link #POLL}, flushes log lines every {@link #FLUSH}, ages by the system clock. */
    public PodsViewModel(PodService pods, ObservableValue<StoreRow> selected, UiExecutors executors) {
        this(pods, selected, executors,
                CompletableFuture.delayedExecutor(POLL.toMillis(), TimeUnit.MILLISECONDS, executors.background()),
                CompletableFuture.delayedExecutor(FLUSH.toMillis(), TimeUnit.MILLISECONDS, executors.ui()),
                Clock.systemUTC());
    }

    /**
     * @param pollDelay runs the next poll after the poll interval (any thread)
     * @param flushes   runs a log flush on the UI thread after the flush delay
     */
    public PodsViewModel(PodService pods, ObservableValue<StoreRow> selected, UiExecutors executors,
            Executor pollDelay, Executor flushes, Clock clock) {
        this.pods = Objects.requireNonNull(pods);
        this.executors = Objects.requireNonNull(executors);
        this.pollDelay = Objects.requireNonNull(pollDelay);
        this.clock = Objects.requireNonNull(clock);
        this.log = new LogBuffer(LOG_CAPACITY, flushes);
        this.store = selected.flatMap(StoreRow::storeProperty);

        previousAvailable = Bindings.createBooleanBinding(() -> selectedContainer().map(
                ContainerSummary::hasPreviousLog).orElse(false), selectedPod, container);
        followAvailable = Bindings.createBooleanBinding(() -> selectedContainer().isPresent() && !previous.get(),
                selectedPod, container, previous);
        placeholder = Bindings.createStringBinding(this::placeholderText, store, loaded, error, rows);
        logPlaceholder = Bindings.createStringBinding(() -> selectedPod.get() == null
                ? "Pick a pod above to see the log of one of its containers." : logError.get().isEmpty()
                        ? "No log lines." : "", selectedPod, logError);
        refresh = new Command(Bindings.createBooleanBinding(() -> store.getValue() != null, store), this::refresh);

        store.addListener((obs, before, now) -> storeChanged(before, now));
        shown.addListener((obs, was, now) -> shownChanged(now));
        selectedPod.addListener((obs, before, now) -> podChanged(before, now));
        container.addListener((obs, before, now) -> {
            if (!picking) {
                readLog();
            }
        });
        previous.addListener((obs, was, now) -> {
            if (now) {
                follow.set(false);
            }
            if (!picking) {
                readLog();
            }
        });
        follow.addListener((obs, was, now) -> {
            if (now) {
                readLog();
            } else {
                stopFollowing();
            }
        });
    }

    // ---- following the selection and the view -----------------------------------------------

    private void storeChanged(Store before, Store now) {
        if (before != null && now != null && before.id().equals(now.id())) {
            return; // the same store, updated: the poll goes on
        }
        pollGeneration++;
        follow.set(false);
        stopFollowing();
        selectedPod.set(null);
        rows.clear();
        loaded.set(false);
        error.set("");
        logError.set("");
        logStatus.set("");
        log.restart();
        if (shown.get() && now != null) {
            startPolling();
        }
    }

    private void shownChanged(boolean now) {
        if (now) {
            startPolling();
        } else {
            pollGeneration++;
            follow.set(false); // a log is followed only while someone looks at it
        }
    }

    private void podChanged(PodRow before, PodRow now) {
        if (now == null) {
            follow.set(false);
            picking = true;
            try {
                containers.clear();
                container.set(null);
                previous.set(false);
            } finally {
                picking = false;
            }
            if (before != null && rows.stream().noneMatch(r -> r.name().equals(before.name()))) {
                logStatus.set("Pod " + before.name() + " is no longer there; its last lines stay shown.");
            }
            return;
        }
        List<String> names = now.pod().containers().stream().map(ContainerSummary::name).toList();
        if (before != null && before.name().equals(now.name())) { // the same pod, read again
            if (!names.equals(containers)) {
                String kept = container.get();
                picking = true;
                try {
                    containers.setAll(names);
                    container.set(names.contains(kept) ? kept : null);
                } finally {
                    picking = false;
                }
            }
            return;
        }
        picking = true;
        try {
            containers.setAll(names);
            previous.set(false);
            container.set(defaultContainer(now.pod()));
        } finally {
            picking = false;
        }
        readLog();
    }

    /** The first app container: what kubectl logs would show (init containers ran before it). */
    private static String defaultContainer(PodSummary pod) {
        return pod.appContainers().stream().findFirst().or(() -> pod.containers().stream().findFirst())
                .map(ContainerSummary::name).orElse(null);
    }

    // ---- the pods ----------------------------------------------------------------------------

    private void startPolling() {
        long generation = ++pollGeneration;
        poll(generation);
    }

    private void poll(long generation) {
        if (generation != pollGeneration || !shown.get() || store.getValue() == null) {
            return;
        }
        refresh().whenComplete((ok, failure) -> pollDelay.execute(() -> executors.ui().execute(() ->
                poll(generation))));
    }

    /** Reads the pods once (what Refresh does, and each poll). */
    private CompletableFuture<Void> refresh() {
        Store s = store.getValue();
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        long id = s.id();
        return BackgroundTask.of(() -> pods.pods(id))
                .onSuccess(list -> {
                    if (shown(id)) {
                        show(s, list);
                    }
                })
                .onFailure(failure -> {
                    if (shown(id)) {
                        error.set("The pods of '" + s.name() + "' could not be read. " + ErrorMessages.of(failure));
                    }
                })
                .named("reading the pods of '" + s.name() + "'")
                .run(executors);
    }

    private void show(Store s, List<PodSummary> list) {
        var now = clock.instant();
        // The chart names its objects <release>-<chart>-<component>: the table shows what differs.
        String chartPrefix = s.releaseName() + "-" + s.type().chartName() + "-";
        String prefix = list.stream().allMatch(p -> p.name().startsWith(chartPrefix)) ? chartPrefix
                : s.releaseName() + "-";
        PodRow before = selectedPod.get();
        replacingRows = true;
        try {
            rows.setAll(list.stream().map(p -> PodRow.of(p, prefix, now)).toList());
        } finally {
            replacingRows = false;
        }
        boolean first = !loaded.get();
        loaded.set(true);
        error.set("");
        if (before != null) {
            selectedPod.set(rows.stream().filter(r -> r.name().equals(before.name())).findFirst().orElse(null));
        } else if (first && !rows.isEmpty()) {
            // What the operator most likely opened the tab for: a pod that is not well, else the first.
            selectedPod.set(rows.stream().filter(r -> !r.pod().reason().isEmpty() && !"Completed".equals(
                    r.pod().reason())).findFirst().orElse(rows.get(0)));
        }
    }

    // ---- the log -----------------------------------------------------------------------------

    /** Reads the picked container's log again: followed if Follow is on, else its tail. */
    private void readLog() {
        stopFollowing();
        logError.set("");
        Optional<ContainerSummary> picked = selectedContainer();
        Store s = store.getValue();
        if (picked.isEmpty() || s == null) {
            log.restart();
            logStatus.set("");
            return;
        }
        PodService.LogQuery query = new PodService.LogQuery(selectedPod.get().name(), picked.get().name(),
                TAIL_LINES, previous.get() && picked.get().hasPreviousLog());
        if (follow.get() && !query.previous()) {
            startFollowing(s, query);
        } else {
            readTail(s, query);
        }
    }

    private void readTail(Store s, PodService.LogQuery query) {
        long generation = log.restart();
        String what = what(query);
        logStatus.set("Reading the log of " + what + "…");
        long id = s.id();
        BackgroundTask.of(() -> pods.tail(id, query))
                .onSuccess(read -> {
                    if (generation == log.generation()) {
                        log.showAll(generation, read.lines());
                        logStatus.set(read.lines().isEmpty() ? "The log of " + what + " is empty."
                                : (read.lines().size() < query.tailLines() ? "The whole log of " : "The last "
                                        + read.lines().size() + " lines of ") + what + ".");
                    }
                })
                .onFailure(failure -> {
                    if (generation == log.generation()) {
                        logStatus.set("");
                        logError.set("The log of " + what + " could not be read. " + ErrorMessages.of(failure));
                    }
                })
                .named("reading the log of " + what)
                .run(executors);
    }

    private void startFollowing(Store s, PodService.LogQuery query) {
        long generation = log.restart();
        String what = what(query);
        logStatus.set("Opening the log of " + what + "…");
        AtomicBoolean live = new AtomicBoolean(true);
        followLive = live;
        StorePods.LogSink sink = new StorePods.LogSink() {
            @Override
            public void lines(List<String> lines) {
                if (live.get()) {
                    log.append(generation, lines);
                }
            }

            @Override
            public void ended(String reason) {
                // May come before the follow's opening is seen on the UI thread (a finished Job's log
                // ends at once): Follow turned off here makes that opening close itself.
                executors.ui().execute(() -> {
                    if (generation == log.generation() && follow.get()) {
                        following = null;
                        follow.set(false);
                        logStatus.set(reason);
                    }
                });
            }
        };
        long id = s.id();
        BackgroundTask.of(() -> pods.follow(id, query, sink))
                .onSuccess(opened -> {
                    if (generation != log.generation() || !follow.get()) {
                        executors.background().execute(opened::close); // turned off or replaced while it opened
                        return;
                    }
                    following = opened;
                    logStatus.set("Following the log of " + what + " (the newest "
                            + String.format("%,d", LOG_CAPACITY) + " lines are kept).");
                })
                .onFailure(failure -> {
                    if (generation == log.generation()) {
                        follow.set(false);
                        logStatus.set("");
                        logError.set("The log of " + what + " could not be followed. " + ErrorMessages.of(failure));
                    }
                })
                .named("following the log of " + what)
                .run(executors);
    }

    private void stopFollowing() {
        followLive.set(false);
        StorePods.LogFollow open = following;
        following = null;
        if (open != null) {
            executors.background().execute(open::close);
            if (logStatus.get().startsWith("Following")) {
                logStatus.set(logStatus.get().replaceFirst("^Following", "Stopped following"));
            }
        }
    }

    private static String what(PodService.LogQuery query) {
        return (query.previous() ? "the previous instance of " : "") + "container " + query.container()
                + " of pod " + query.pod();
    }

    /** Stops polling and following, for good. */
    public void dispose() {
        pollGeneration++;
        follow.set(false);
        stopFollowing();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Optional<ContainerSummary> selectedContainer() {
        PodRow pod = selectedPod.get();
        String name = container.get();
        return pod == null || name == null ? Optional.empty() : pod.pod().container(name);
    }

    private boolean shown(long id) {
        Store s = store.getValue();
        return s != null && s.id() == id;
    }

    private String placeholderText() {
        Store s = store.getValue();
        if (s == null) {
            return "Select a store to see its pods.";
        }
        if (!error.get().isEmpty() && rows.isEmpty()) {
            return error.get();
        }
        if (!loaded.get()) {
            return "Reading the pods of '" + s.name() + "'…";
        }
        return "Store '" + s.name() + "' has no pods: its release creates them when it is installed.";
    }

    /** The log as text, for the clipboard. */
    public String logText() {
        return String.join("\n", log.lines());
    }

    /** The label of a container in the picker: init containers say so. */
    public String containerLabel(String name) {
        PodRow pod = selectedPod.get();
        if (name == null || pod == null) {
            return name == null ? "" : name;
        }
        return pod.pod().container(name).map(c -> c.init() ? name + " (init)" : name).orElse(name);
    }

    // ---- what the view binds to --------------------------------------------------------------

    /** Set by the view: true while its tab is in front and its window is showing. */
    public BooleanProperty shownProperty() {
        return shown;
    }

    public ObservableList<PodRow> rows() {
        return rowsView;
    }

    /** The pod whose containers and log are shown; kept by name across polls. */
    public ReadOnlyObjectProperty<PodRow> selectedPodProperty() {
        return selectedPod.getReadOnlyProperty();
    }

    /**
     * The operator picked {@code row} in the table. A null (the table cleared its selection) is
     * ignored: the log shown stays until another pod is picked.
     */
    public void pick(PodRow row) {
        if (!replacingRows && row != null) {
            selectedPod.set(row);
        }
    }

    /** The selected pod's containers, init containers first. */
    public ObservableList<String> containers() {
        return containersView;
    }

    public StringProperty containerProperty() {
        return container;
    }

    /** Read the log of the container's previous instance (it restarted). */
    public BooleanProperty previousProperty() {
        return previous;
    }

    public BooleanProperty followProperty() {
        return follow;
    }

    public ObservableBooleanValue previousAvailableProperty() {
        return previousAvailable;
    }

    public ObservableBooleanValue followAvailableProperty() {
        return followAvailable;
    }

    /** The log lines shown, oldest first, at most {@link #LOG_CAPACITY}. */
    public ObservableList<String> logLines() {
        return log.lines();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Why the pods could not be read, in words; "" when they could. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the log pane shows: which container, how many lines, following or not, or why it ended. */
    public ReadOnlyStringProperty logStatusProperty() {
        return logStatus.getReadOnlyProperty();
    }

    /** Why the log could not be read or followed, in words; "" otherwise. */
    public ReadOnlyStringProperty logErrorProperty() {
        return logError.getReadOnlyProperty();
    }

    public ObservableStringValue placeholderProperty() {
        return placeholder;
    }

    public ObservableStringValue logPlaceholderProperty() {
        return logPlaceholder;
    }

    public Command refreshCommand() {
        return refresh;
    }

    /** Lines waiting for the next flush to the UI; for tests of the memory bound. */
    int pendingLogLines() {
        return log.pendingCount();
    }
}
