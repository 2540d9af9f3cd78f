package dev.storefleet.viewmodel.cluster;

import dev.storefleet.service.port.ClusterAccess;
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
 * The header: the kubeconfig's contexts, the one in use, and whether its cluster answers.
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

    public ClusterViewModel(ClusterAccess access, UiExecutors executors) {
        this.access = Objects.requireNonNull(access);
        this.executors = Objects.requireNonNull(executors);
    }

    /** Reads the contexts, then checks the cluster. */
    public CompletableFuture<Void> load() {
        return executors.run(() -> new Loaded(access.contexts(), access.currentContext()), loaded -> {
            contexts.setAll(loaded.contexts());
            currentContext.set(loaded.current());
        }, failure -> {
            contexts.clear();
            health.set(Health.NO_KUBECONFIG);
            statusText.set("No cluster");
            problem.set(ErrorMessages.of(failure));
        }).thenCompose(done -> health.get() == Health.NO_KUBECONFIG ? CompletableFuture.completedFuture(null) : check());
    }

    private record Loaded(List<String> contexts, String current) {
    }

    /** Asks the API server if it is there; a check already running is not doubled. */
    public CompletableFuture<Void> check() {
        if (health.get() == Health.NO_KUBECONFIG || !checkInFlight.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return executors.run(access::check, this::show, failure -> {
            health.set(Health.UNREACHABLE);
            problem.set(ErrorMessages.of(failure));
        }).whenComplete((ok, error) -> checkInFlight.set(false));
    }

    /** Switches the console to another context; on failure the current one stays. */
    public CompletableFuture<Void> switchTo(String context) {
        if (context == null || context.equals(currentContext.get()) || switching.get()) {
            return CompletableFuture.completedFuture(null);
        }
        switching.set(true);
        health.set(Health.CHECKING);
        statusText.set("Switching to " + context + "…");
        return executors.run(() -> {
            access.switchTo(context);
            return access.check();
        }, result -> {
            switching.set(false);
            currentContext.set(context);
            show(result);
        }, failure -> {
            switching.set(false);
            currentContext.set(access.currentContext());
            health.set(Health.UNREACHABLE);
            statusText.set("Could not switch to " + context);
            problem.set(ErrorMessages.of(failure));
        });
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

    public ReadOnlyBooleanProperty switchingProperty() {
        return switching.getReadOnlyProperty();
    }
}
