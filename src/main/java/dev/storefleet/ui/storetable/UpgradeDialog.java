package dev.storefleet.ui.storetable;

import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.preview.ChangePreviewView;
import dev.storefleet.viewmodel.storetable.UpgradeDialogViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The one confirmation of an upgrade, of one store or of the selection: the stores it acts on, and
 * what upgrading one of them to the bundled chart changes (values, objects, a diff per changed
 * object), read in the background while the dialog is open. With several stores, a picker chooses
 * whose preview is shown. Built per opening.
 */
final class UpgradeDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ButtonType upgrade;

    UpgradeDialog(UpgradeDialogViewModel vm) {
        int n = vm.names().size();
        dialog.setTitle(n == 1 ? "Upgrade store" : "Upgrade stores");
        dialog.setHeaderText(n == 1 ? "Upgrade " + vm.names().get(0) + " to the bundled chart?"
                : "Upgrade these " + n + " stores to the bundled chart?");
        VBox content = new VBox(8);
        if (n > 1) {
            ListView<String> items = new ListView<>();
            items.setId("confirmItems");
            items.getItems().setAll(vm.names());
            items.setPrefHeight(Math.min(6, n) * 26 + 4);
            items.setFocusTraversable(false);
            ChoiceBox<String> which = new ChoiceBox<>();
            which.setId("previewStoreChoice");
            which.getItems().setAll(vm.names());
            which.setValue(vm.previewedProperty().get());
            which.valueProperty().addListener((o, was, name) -> {
                if (name != null) {
                    vm.previewedProperty().set(name);
                }
            });
            Label caption = new Label("What changes in");
            HBox pick = new HBox(8, caption, which);
            pick.setAlignment(Pos.CENTER_LEFT);
            content.getChildren().addAll(new Label("A store that may not be upgraded now is left as it is and said so."),
                    items, pick);
        } else {
            Label caption = new Label("What changes");
            caption.getStyleClass().add("text-bold");
            content.getChildren().add(caption);
        }
        ChangePreviewView preview = new ChangePreviewView(vm.preview(), true);
        VBox.setVgrow(preview.root(), Priority.ALWAYS);
        content.getChildren().add(preview.root());
        CheckBox backupFirst = new CheckBox("Back up first");
        backupFirst.setId("backupFirstCheck");
        backupFirst.setTooltip(new Tooltip("Take a backup of " + (n == 1 ? "the store" : "each store") + " and wait"
                + " for it before upgrading; a failed backup leaves the store as it is, not upgraded"));
        backupFirst.selectedProperty().bindBidirectional(vm.backupFirstProperty());
        content.getChildren().add(backupFirst);
        content.setPrefWidth(860);
        dialog.getDialogPane().setContent(content);
        upgrade = new ButtonType(n == 1 ? "Upgrade" : "Upgrade " + n + " stores", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, upgrade);
        dialog.getDialogPane().setId("upgradeDialog");
    }

    /** Shows it and waits: true when the operator chose to upgrade. */
    boolean show(DialogService dialogs) {
        return dialogs.showAndWait(dialog).filter(upgrade::equals).isPresent();
    }
}
