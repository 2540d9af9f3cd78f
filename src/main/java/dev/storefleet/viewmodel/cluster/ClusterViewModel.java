package dev.storefleet.viewmodel.cluster;

import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The header: the kubeconfig's contexts, the one in use, whether its cluster answers and, when
 * the fleet watch does not see it, the watch's words (health is unknown meanwhile).
 * Every cluster call runs in the background; the UI only sees the outcome.
 */
public final class ClusterViewModel {
    /** What the reachability indicator shows. */
    public enum Health { CHECKING, REACHABLE, UNREACHABLE, NO_KUBECONFIG }

    private final ClusterAccess access;
    private final UiExecutors executors;
    private final ObservableList<String> contexts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper currentContext = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Health> health = new ReadOnlyObjectWrapper<>(Health.CHECKING);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("Checking the cluster…");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper switching = new ReadOnlyBooleanWrapper(false);
    private final AtomicBoolean checkInFlight = new AtomicBoolean(false);
    private final FleetHealth fleet;
    private final ReadOnlyStringWrapper fleetWatchProblem = new ReadOnlyStringWrapper("");
    /** A status from the watch's events has been shown (UI thread): the one read at load is older. */
    private boolean fleetWatchHeard;

    /** Without a fleet watch to follow: the header shows nothing of it. */
    public ClusterViewModel(ClusterAccess access, UiExecutors executors) {
        this.access = Objects.requireNonNull(access);
        this.executors = Objects.requireNonNull(executors);
        this.fleet = null;
    }

    /** Following the fleet watch behind {@code fleet}: its words are shown while it does not see the cluster. */
    public ClusterViewModel(ClusterAccess access, FleetHealth fleet, StoreEvents events, UiExecutors executors) {
        this.access = Objects.requireNonNull(access);
        this.executors = Objects.requireNonNull(executors);
        this.fleet = Objects.requireNonNull(fleet);
        events.subscribe(new StoreEvents.Listener() {
            @Override
            public void fleetWatchChanged(FleetWatch.WatchStatus status) {
                executors.ui().execute(() -> {
                    fleetWatchHeard = true;
                    showFleetWatch(status);
                });
            }
        });
    }

    /** Reads the contexts, then checks the cluster; reads the fleet watch's state beside it. */
    public CompletableFuture<Void> load() {
        if (fleet != null) {
            BackgroundTask.of(fleet::watchStatus)
                    .onSuccess(status -> {
                        if (!fleetWatchHeard) {
                            showFleetWatch(status);
                        }
                    })
                    .onFailure(failure -> fleetWatchProblem.set(ErrorMessages.of(failure)))
                    .named("reading the fleet watch's state")
                    .run(executors);
        }
        return BackgroundTask.of(() -> new Loaded(access.contexts(), access.currentContext()))
                .onSuccess(loaded -> {
                    contexts.setAll(loaded.contexts());
                    currentContext.set(loaded.current());
                })
                .onFailure(failure -> {
                    contexts.clear();
                    health.set(Health.NO_KUBECONFIG);
                    statusText.set("No cluster");
                    problem.set(ErrorMessages.of(failure));
                })
                .named("reading the kubeconfig contexts")
                .run(executors).thenCompose(done -> health.get() == Health.NO_KUBECONFIG ? CompletableFuture.completedFuture(null) : check());
    }

    private record Loaded(List<String> contexts, String current) {
    }

    /** Asks the API server if it is there; a check already running is not doubled. */
    public CompletableFuture<Void> check() {
        if (health.get() == Health.NO_KUBECONFIG || !checkInFlight.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return BackgroundTask.of(access::check)
                .onSuccess(this::show)
                .onFailure(failure -> {
                    health.set(Health.UNREACHABLE);
                    problem.set(ErrorMessages.of(failure));
                })
                .named("checking the cluster")
                .run(executors).whenComplete((ok, error) -> checkInFlight.set(false));
    }

    /** Switches the console to another context; on failure the current one stays. */
    public CompletableFuture<Void> switchTo(String context) {
        if (context == null || context.equals(currentContext.get()) || switching.get()) {
            return CompletableFuture.completedFuture(null);
        }
        switching.set(true);
        health.set(Health.CHECKING);
        statusText.set("Switching to " + context + "…");
        return BackgroundTask.of(() -> {
            access.switchTo(context);
            return access.check();
        }).always(() -> switching.set(false))
                .onSuccess(result -> {
                    currentContext.set(context);
                    show(result);
                })
                .onFailure(failure -> {
                    currentContext.set(access.currentContext());
                    health.set(Health.UNREACHABLE);
                    statusText.set("Could not switch to " + context);
                    problem.set(ErrorMessages.of(failure));
                })
                .named("switching to context " + context)
                .run(executors);
    }

    private void show(ClusterAccess.ClusterHealth result) {
        if (result.reachable()) {
            health.set(Health.REACHABLE);
            statusText.set("Connected · " + result.version());
            problem.set("");
        } else {
            health.set(Health.UNREACHABLE);
            statusText.set("Unreachable");
            problem.set(result.problem());
        }
    }

    private void showFleetWatch(FleetWatch.WatchStatus status) {
        String words = status.words();
        fleetWatchProblem.set(status.watching() ? ""
                : words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1));
    }

    public ObservableList<String> contexts() {
        return FXCollections.unmodifiableObservableList(contexts);
    }

    public ReadOnlyStringProperty currentContextProperty() {
        return currentContext.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Health> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** Empty when the cluster answers; otherwise what is wrong and what to do, in words. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Empty while the fleet watch sees the cluster; otherwise its words ("The watch broke and has not resumed …"). */
    public ReadOnlyStringProperty fleetWatchProblemProperty() {
        return fleetWatchProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty switchingProperty() {
        return switching.getReadOnlyProperty();
    }
}
