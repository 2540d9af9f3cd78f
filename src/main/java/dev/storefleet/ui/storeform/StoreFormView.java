package dev.storefleet.ui.storeform;

import dev.storefleet.domain.StoreType;
import dev.storefleet.viewmodel.storeform.StoreFormViewModel;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * The new-store form: fields with their messages under them (the rules checked as one types),
 * Create, and a refusal in words under it. Shown as a panel beside the store table, opened by
 * New store or Ctrl+N and closed by its ✕ or Esc; it stays open after a store is created, for
 * the next one.
 */
public final class StoreFormView {
    private final VBox root = new VBox(4);
    private final TextField nameField = new TextField();
    private final Button close = new Button("✕");

    public StoreFormView(StoreFormViewModel vm) {
        Label title = new Label("New store");
        title.getStyleClass().add("title-4");
        close.setId("closeNewStoreButton");
        close.getStyleClass().addAll("flat", "button-circle");
        close.setTooltip(new javafx.scene.control.Tooltip("Close (Esc)"));
        close.setFocusTraversable(false);
        javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox heading = new javafx.scene.layout.HBox(8, title, gap, close);
        heading.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        nameField.setId("storeNameField");
        nameField.setPromptText("My Store");
        nameField.textProperty().bindBidirectional(vm.nameProperty());
        TextField owner = new TextField();
        owner.setId("ownerField");
        owner.setPromptText("user id, e.g. alice");
        owner.textProperty().bindBidirectional(vm.ownerProperty());
        TextField email = new TextField();
        email.setId("emailField");
        email.setPromptText("ops@example.com (optional)");
        email.textProperty().bindBidirectional(vm.emailProperty());
        ChoiceBox<StoreType> type = new ChoiceBox<>();
        type.setId("storeTypeChoice");
        type.getItems().setAll(StoreType.values());
        type.valueProperty().bindBidirectional(vm.typeProperty());
        type.setMaxWidth(Double.MAX_VALUE);

        Button create = new Button("Create store");
        create.setId("createStoreButton");
        create.setDefaultButton(true);
        create.setMaxWidth(Double.MAX_VALUE);
        create.getStyleClass().add("accent");
        create.disableProperty().bind(vm.createCommand().executableProperty().not());
        create.setOnAction(e -> vm.createCommand().execute());

        Label preview = small(vm.namespacePreviewProperty(), "text-muted", "namespacePreview");
        Label error = small(vm.formErrorProperty(), "danger", "formError");
        Label message = small(vm.formMessageProperty(), "success", "formMessage");
        Label blocked = small(vm.blockedReasonProperty(), "warning", "createBlocked");

        root.getChildren().addAll(heading,
                label("Name"), nameField, small(vm.nameErrorProperty(), "danger", "nameError"), preview,
                label("Owner"), owner, small(vm.ownerErrorProperty(), "danger", "ownerError"),
                label("E-mail"), email, small(vm.emailErrorProperty(), "danger", "emailError"),
                label("Type"), type, spacer(), create, blocked, error, message);
        root.setPadding(new Insets(12, 14, 14, 14));
        root.setId("newStorePanel");
        root.getStyleClass().add("side-panel");
        root.setMinWidth(250);
        root.setPrefWidth(280);
        root.setMaxWidth(280);
    }

    public Button closeButton() {
        return close;
    }

    /** For the "new store" shortcut. */
    public void focusName() {
        nameField.requestFocus();
    }

    public Node root() {
        return root;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setPadding(new Insets(6, 0, 0, 0));
        return label;
    }

    private static Label small(javafx.beans.value.ObservableValue<String> text, String style, String id) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        label.setWrapText(true);
        label.getStyleClass().addAll("text-small", style);
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        return label;
    }

    private static Node spacer() {
        javafx.scene.layout.Region region = new javafx.scene.layout.Region();
        region.setMinHeight(8);
        return region;
    }
}
