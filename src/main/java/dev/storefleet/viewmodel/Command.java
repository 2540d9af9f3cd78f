package dev.storefleet.viewmodel;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * An action of a view-model. {@link #executableProperty()} says whether it may run now (the
 * view binds its button's disabled state to it); while it runs it is not executable, so a
 * double click cannot start it twice.
 */
public final class Command {
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper executable = new ReadOnlyBooleanWrapper();
    private final Supplier<CompletableFuture<?>> action;
    /** Runs under way; only {@link #perTarget} commands have more than one. */
    private int inFlight;

    /** @param allowed when the command makes sense (state, validity); running is added here. */
    public Command(ObservableBooleanValue allowed, Supplier<CompletableFuture<?>> action) {
        this(allowed, action, true);
    }

    private Command(ObservableBooleanValue allowed, Supplier<CompletableFuture<?>> action, boolean oneAtATime) {
        this.action = action;
        if (oneAtATime) {
            executable.bind(Bindings.createBooleanBinding(() -> allowed.get() && !running.get(), allowed, running));
        } else {
            executable.bind(allowed);
        }
    }

    /**
     * A command that acts on whatever is selected, where {@code allowed} itself turns false while
     * a run is under way for the selection (and must do so as soon as the action starts). Runs
     * for different targets may overlap: a slow call on one store does not hold the buttons of
     * another. {@link #runningProperty()} is true while any run is under way.
     */
    public static Command perTarget(ObservableBooleanValue allowed, Supplier<CompletableFuture<?>> action) {
        return new Command(allowed, action, false);
    }

    /** Runs the action if executable; the future completes when it has finished (or at once). */
    public CompletableFuture<?> execute() {
        if (!executable.get()) {
            return CompletableFuture.completedFuture(null);
        }
        inFlight++;
        running.set(true);
        CompletableFuture<?> done;
        try {
            done = action.get();
        } catch (RuntimeException e) {
            finished();
            throw e;
        }
        return done.whenComplete((ok, error) -> finished());
    }

    private void finished() {
        inFlight--;
        running.set(inFlight > 0);
    }

    public ReadOnlyBooleanProperty executableProperty() {
        return executable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
