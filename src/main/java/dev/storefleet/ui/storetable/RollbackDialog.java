package dev.storefleet.ui.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.preview.ChangePreviewView;
import dev.storefleet.viewmodel.storetable.RollbackDialogViewModel;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.column;

/**
 * The rollback dialog: the store's Helm revisions to pick from and what rolling back to the
 * picked one changes (the values that differ, secrets masked). Built per opening, over a
 * view-model of its own for that opening.
 */
final class RollbackDialog {
    private final RollbackDialogViewModel vm;
    private final Dialog<ReleaseInfo> dialog = new Dialog<>();
    private final TableView<ReleaseInfo> list = new TableView<>();

    /** @param vm this opening's view-model, its history loaded */
    RollbackDialog(RollbackDialogViewModel vm) {
        this.vm = vm;
        Store s = vm.store();
        dialog.setTitle("Roll back " + s.name());
        dialog.setHeaderText("Pick the revision to return to. A new revision is made with exactly its chart and values."
                + "\nNow deployed: revision " + s.helmRevision());
        list.setId("revisionTable");
        list.getColumns().add(column("Revision", 65, r -> String.valueOf(r.revision())));
        list.getColumns().add(column("Status", 85, ReleaseInfo::status));
        list.getColumns().add(column("Chart", 165, ReleaseInfo::chart)); // the version must show: it may differ
        list.getColumns().add(column("App version", 80, ReleaseInfo::appVersion));
        list.getColumns().add(column("Updated", 170, r -> r.updated() == null ? "" : r.updated().toString()));
        list.getColumns().add(column("Description", 200, r -> r.description() == null ? "" : r.description()));
        list.getItems().setAll(vm.history());
        list.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        list.setPrefSize(780, 160);
        Label objects = new Label("What changes in the cluster");
        objects.getStyleClass().add("text-bold");
        ChangePreviewView manifests = new ChangePreviewView(vm.manifests(), false);
        dialog.getDialogPane().setContent(new VBox(8, list, changes(), objects, manifests.root()));
        ButtonType rollback = new ButtonType("Roll back", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, rollback);
        dialog.getDialogPane().lookupButton(rollback).disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        dialog.setResultConverter(b -> b == rollback ? list.getSelectionModel().getSelectedItem() : null);
    }

    /** Shows it and waits; the picked revision is rolled back to. */
    void show(DialogService dialogs) {
        vm.targetRevisionProperty().bind(list.getSelectionModel().selectedItemProperty().map(ReleaseInfo::revision));
        try {
            dialogs.showAndWait(dialog).ifPresent(r -> vm.rollbackCommand().execute());
        } finally {
            vm.targetRevisionProperty().unbind();
        }
    }

    /**
     * What rolling back to the picked revision changes: a line of summary (revisions, chart) over
     * a table of the values that differ. With nothing to list, the summary or the error takes the
     * table's place. Nothing here changes height, as the dialog does not grow with its content.
     */
    private Node changes() {
        Label heading = new Label("What changes");
        heading.getStyleClass().add("text-bold");
        Label summary = new Label();
        summary.setId("rollbackSummary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.visibleProperty().bind(Bindings.isNotEmpty(vm.changes()));
        TableView<ValuesDiff.Change> changes = new TableView<>(vm.changes());
        changes.setId("rollbackChanges");
        changes.getColumns().add(kindColumn());
        changes.getColumns().add(column("Value", 250, ValuesDiff.Change::path));
        changes.getColumns().add(column("Now", 215, c -> c.before() == null ? "(not set)" : c.before()));
        changes.getColumns().add(column("After rollback", 215, c -> c.after() == null ? "(not set)" : c.after()));
        changes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.setId("rollbackPlaceholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(vm.summaryProperty());
        Label error = new Label();
        error.setId("rollbackError");
        error.setWrapText(true);
        error.getStyleClass().addAll("error-text", "danger");
        error.textProperty().bind(vm.errorProperty());
        VBox empty = new VBox(4, error, placeholder);
        empty.setAlignment(Pos.CENTER);
        empty.setPadding(new Insets(8));
        changes.setPlaceholder(empty);
        changes.setPrefSize(780, 150);
        return new VBox(6, heading, summary, changes);
    }

    private static TableColumn<ValuesDiff.Change, ValuesDiff.Kind> kindColumn() {
        TableColumn<ValuesDiff.Change, ValuesDiff.Kind> column = new TableColumn<>("Change");
        column.setPrefWidth(80);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().kind()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ValuesDiff.Kind kind, boolean empty) {
                super.updateItem(kind, empty);
                getStyleClass().removeIf(s -> s.startsWith("diff-"));
                if (empty || kind == null) {
                    setText(null);
                } else {
                    setText(kind.name().toLowerCase(Locale.ROOT));
                    getStyleClass().add("diff-" + kind.name().toLowerCase(Locale.ROOT));
                }
            }
        });
        return column;
    }
}
