package dev.storefleet.viewmodel.storeform;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.StoreService;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * The new-store form. Validation runs as the operator types (the domain's own rules, shown
 * per field once a field has been touched); Create is enabled only when the input is valid
 * and the cluster answers; a refusal (duplicate name, quota) comes back in words.
 */
public final class StoreFormViewModel {
    private final StoreService service;
    private final UiExecutors executors;
    private final String actor;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty owner = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final ObjectProperty<StoreType> type = new SimpleObjectProperty<>(StoreType.WOOCOMMERCE);
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper ownerError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper namespacePreview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper("");
    private final BooleanProperty valid = new SimpleBooleanProperty(false);
    private final BooleanProperty nameTouched = new SimpleBooleanProperty(false);
    private final BooleanProperty ownerTouched = new SimpleBooleanProperty(false);
    private final BooleanProperty emailTouched = new SimpleBooleanProperty(false);
    private final Command create;

    /** @param clusterReachable Create waits for a cluster that answers (the store would only fail) */
    public StoreFormViewModel(StoreService service, UiExecutors executors, String actor,
            ObservableBooleanValue clusterReachable) {
        this.service = Objects.requireNonNull(service);
        this.executors = Objects.requireNonNull(executors);
        this.actor = Objects.requireNonNull(actor);
        name.addListener((o, a, b) -> touched(nameTouched));
        owner.addListener((o, a, b) -> touched(ownerTouched));
        email.addListener((o, a, b) -> touched(emailTouched));
        type.addListener((o, a, b) -> validate());
        validate();
        create = new Command(Bindings.createBooleanBinding(() -> valid.get() && clusterReachable.get(), valid,
                clusterReachable), this::submit);
        blockedReason.bind(Bindings.when(Bindings.createBooleanBinding(clusterReachable::get, clusterReachable))
                .then("").otherwise("Stores can be created once the cluster answers (see the message at the top)."));
    }

    private void touched(BooleanProperty field) {
        field.set(true);
        formError.set("");
        formMessage.set("");
        validate();
    }

    /** Applies the domain's input rules; a field's message shows once that field was touched. */
    private void validate() {
        String nameMsg = "";
        String ownerMsg = "";
        String emailMsg = "";
        boolean ok = true;
        try {
            request().validate();
        } catch (ValidationException e) {
            ok = false;
            for (ValidationException.FieldError error : e.errors()) {
                switch (error.field()) {
                    case "name" -> nameMsg = error.message();
                    case "owner" -> ownerMsg = error.message();
                    case "email" -> emailMsg = error.message();
                    default -> { }
                }
            }
        }
        valid.set(ok);
        // The preview follows the name alone: it helps while the rest is still being typed.
        String typed = name.get() == null ? "" : name.get().strip();
        namespacePreview.set(nameMsg.isEmpty() && !typed.isEmpty()
                ? "Namespace and release: " + StoreNames.namespaceOf(StoreNames.slugOf(typed)) : "");
        nameError.set(nameTouched.get() ? nameMsg : "");
        ownerError.set(ownerTouched.get() ? ownerMsg : "");
        emailError.set(emailTouched.get() ? emailMsg : "");
    }

    private NewStoreRequest request() {
        return new NewStoreRequest(name.get(), owner.get(), email.get(),
                type.get() == null ? null : type.get().chartName());
    }

    private java.util.concurrent.CompletableFuture<Void> submit() {
        NewStoreRequest request = request();
        formError.set("");
        formMessage.set("Creating '" + request.name().strip() + "'…");
        return BackgroundTask.of(() -> service.create(request, actor))
                .onSuccess(this::created)
                .onFailure(failure -> {
                    formMessage.set("");
                    formError.set(ErrorMessages.of(failure));
                })
                .named("creating a store")
                .run(executors);
    }

    private void created(Store store) {
        name.set("");
        nameTouched.set(false);
        validate();
        formMessage.set("Store '" + store.name() + "' created; provisioning namespace " + store.namespace() + ".");
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty ownerProperty() {
        return owner;
    }

    public StringProperty emailProperty() {
        return email;
    }

    public ObjectProperty<StoreType> typeProperty() {
        return type;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ownerErrorProperty() {
        return ownerError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty emailErrorProperty() {
        return emailError.getReadOnlyProperty();
    }

    /** "Namespace and release: store-my-store" while the name is valid. */
    public ReadOnlyStringProperty namespacePreviewProperty() {
        return namespacePreview.getReadOnlyProperty();
    }

    /** Why the last create was refused, in words with what to do next; empty otherwise. */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    /** Why Create is off although the input may be fine (the cluster does not answer). */
    public ReadOnlyStringProperty blockedReasonProperty() {
        return blockedReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formMessageProperty() {
        return formMessage.getReadOnlyProperty();
    }

    public Command createCommand() {
        return create;
    }
}
