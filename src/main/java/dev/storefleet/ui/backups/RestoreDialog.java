package dev.storefleet.ui.backups;

import dev.storefleet.service.BackupService.Into;
import dev.storefleet.ui.DialogService;
import dev.storefleet.viewmodel.backups.BackupRow;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Asks where a backup goes: into its own store (a safety backup is taken first, then its data is
 * replaced) or into a new store of a name given here. Its Restore button is the confirmation.
 */
final class RestoreDialog {
    private static final ButtonType RESTORE = new ButtonType("Restore", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<Into> dialog = new Dialog<>();

    RestoreDialog(BackupRow backup, String storeName, String defaultName) {
        dialog.setTitle("Restore backup");
        dialog.setHeaderText("Restore backup " + backup.backupId() + " (" + backup.size() + ", " + backup.created()
                + ")");
        ToggleGroup where = new ToggleGroup();
        RadioButton same = new RadioButton("Into this store (a safety backup is taken first; its data is replaced)");
        same.setId("restoreIntoSame");
        same.setToggleGroup(where);
        same.setWrapText(true);
        RadioButton fresh = new RadioButton("Into a new store named");
        fresh.setId("restoreIntoNew");
        fresh.setToggleGroup(where);
        TextField name = new TextField(defaultName);
        name.setId("restoreNewName");
        name.setPrefColumnCount(24);
        name.disableProperty().bind(fresh.selectedProperty().not());
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox newStore = new HBox(8, fresh, name);
        newStore.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        same.setSelected(true);
        Label about = new Label("Store '" + storeName + "'. Every part is checked against its checksum before"
                + " anything changes; afterwards a test order verifies the store.");
        about.setWrapText(true);
        VBox content = new VBox(10, about, same, newStore);
        content.setId("restoreDialog");
        content.setPadding(new Insets(10, 0, 0, 0));
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, RESTORE);
        Button restore = (Button) dialog.getDialogPane().lookupButton(RESTORE);
        // Replacing a store's data is never what Enter gives by accident (as DialogService's dangerous confirmations).
        restore.getStyleClass().add("danger");
        restore.setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        restore.disableProperty().bind(Bindings.createBooleanBinding(() -> fresh.isSelected()
                && name.getText().isBlank(), fresh.selectedProperty(), name.textProperty()));
        dialog.setResultConverter(button -> button == RESTORE ? (same.isSelected()
                ? Into.SAME : Into.newStore(name.getText()))
                : null);
    }

    Optional<Into> ask(DialogService dialogs) {
        return dialogs.showAndWait(dialog);
    }
}
