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

    /** @param allowed when the command makes sense (state, validity); running is added here. */
    public Command(ObservableBooleanValue allowed, Supplier<CompletableFuture<?>> action) {
        this.action = action;
        executable.bind(Bindings.createBooleanBinding(() -> allowed.get() && !running.get(), allowed, running));
    }

    /** Runs the action if executable; the future completes when it has finished (or at once). */
    public CompletableFuture<?> execute() {
        if (!executable.get()) {
            return CompletableFuture.completedFuture(null);
        }
        running.set(true);
        CompletableFuture<?> done;
        try {
            done = action.get();
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        return done.whenComplete((ok, error) -> running.set(false));
    }

    public ReadOnlyBooleanProperty executableProperty() {
        return executable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
