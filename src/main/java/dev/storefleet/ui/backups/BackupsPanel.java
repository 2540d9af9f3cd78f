package dev.storefleet.ui.backups;

import atlantafx.base.theme.Styles;
import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.controls.Controls;
import dev.storefleet.viewmodel.backups.BackupRow;
import dev.storefleet.viewmodel.backups.BackupsViewModel;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.commandButton;
import static dev.storefleet.ui.controls.Controls.showWhen;

/**
 * The selected store's backups (newest first: when, size, parts, why, who, whether the archive is
 * intact) and what can be done with them: back up now, restore one (into the store or into a new
 * one), clone the store to staging, delete one; with the running job's progress and a cancel.
 * Layout and binding only; see {@link BackupsViewModel}.
 */
public final class BackupsPanel {
    private final BackupsViewModel vm;
    private final DialogService dialogs;
    private final VBox root = new VBox(6);
    private final TableView<BackupRow> table = new TableView<>();

    public BackupsPanel(BackupsViewModel viewModel, DialogService dialogs) {
        this.vm = viewModel;
        this.dialogs = dialogs;
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().setAll(actions(), progress(), message("backupsNotice", vm.noticeProperty(), false),
                message("backupsError", vm.errorProperty(), true), table);
        root.setId("backupsPanel");
        root.setPadding(new Insets(8, 0, 0, 0));
        root.setMinWidth(0);
    }

    /** Reads the backups only while {@code tabSelected}: a hidden tab reads no archive. */
    public void showWhile(ObservableBooleanValue tabSelected) {
        vm.shownProperty().bind(tabSelected);
    }

    private Node actions() {
        Button backUp = commandButton("Back up", "backupNowButton", vm.backUpCommand(),
                "Stream the store's database (and its files) into a new checked archive; the store keeps running");
        backUp.getStyleClass().add(Styles.ACCENT);
        Button restore = new Button("Restore…");
        restore.setId("restoreBackupButton");
        restore.setMinWidth(Region.USE_PREF_SIZE);
        restore.setTooltip(new Tooltip("Restore the picked backup into this store (after a safety backup) or into"
                + " a new store"));
        restore.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.restoreAllowedProperty().get(),
                vm.restoreAllowedProperty()));
        restore.setOnAction(e -> askRestore());
        Button clone = commandButton("Clone to staging", "cloneButton", vm.cloneToStagingCommand(),
                "Back up the store and restore it into a new store named '<name> (staging)'");
        Button delete = new Button("Delete…");
        delete.setId("deleteBackupButton");
        delete.setMinWidth(Region.USE_PREF_SIZE);
        delete.setTooltip(new Tooltip("Delete the picked backup's archive, after a confirmation"));
        delete.disableProperty().bind(vm.deleteCommand().executableProperty().not());
        delete.setOnAction(e -> confirmDelete());
        FlowPane bar = new FlowPane(6, 6, backUp, restore, clone, delete);
        bar.setId("backupActions");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinWidth(0);
        return bar;
    }

    /** While a job runs: a moving bar (its total size is not known ahead), its step and bytes, Cancel. */
    private Node progress() {
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setId("backupProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        Label text = new Label();
        text.setId("backupProgressText");
        text.getStyleClass().add(Styles.TEXT_SMALL);
        text.textProperty().bind(vm.progressProperty());
        text.setMinWidth(0);
        text.setMaxWidth(Double.MAX_VALUE);
        text.tooltipProperty().bind(Bindings.createObjectBinding(() -> vm.progressProperty().get().isEmpty() ? null
                : new Tooltip(vm.progressProperty().get()), vm.progressProperty()));
        HBox.setHgrow(text, Priority.ALWAYS);
        Button cancel = commandButton("Cancel", "cancelBackupButton", vm.cancelCommand(),
                "Stop the job at its next chunk; what it wrote so far is removed");
        HBox line = new HBox(8, text, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, bar, line);
        box.setId("backupProgressBox");
        showWhen(box, vm.runningProperty());
        return box;
    }

    private static Node message(String id, ReadOnlyStringProperty text, boolean error) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(error ? "inline-error" : Styles.SUCCESS);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE); // the whole message, on as many lines as it takes
        label.textProperty().bind(text);
        showWhen(label, Bindings.isNotEmpty(text));
        return label;
    }

    private void buildTable() {
        table.setId("backupsTable");
        table.setItems(vm.rows());
        Controls.denseTable(table, 26, "backupsEmpty", vm.placeholderProperty());
        table.setMinWidth(0);
        TableColumn<BackupRow, String> checks = column("Checks", BackupRow::checks, 95);
        Controls.errorWhen(checks, text -> !text.startsWith("✓"));
        TableColumn<BackupRow, String> size = column("Size", BackupRow::size, 72);
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<BackupRow, String> parts = column("Parts", r -> String.valueOf(r.parts()), 58);
        parts.setStyle("-fx-alignment: CENTER-RIGHT;");
        // What tells backups apart first (when, how big, whether it can be restored): the panel is narrow.
        table.getColumns().setAll(List.of(column("Created", BackupRow::created, 192), size, checks,
                column("Reason", BackupRow::reason, 170), column("Actor", BackupRow::actor, 90), parts));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) ->
                vm.selectedBackupProperty().set(row));
        vm.selectedBackupProperty().addListener((o, was, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
        });
        // The backup's id, where its archive is and what is wrong with it, under the pointer.
        table.setRowFactory(t -> {
            TableRow<BackupRow> row = new TableRow<>();
            row.tooltipProperty().bind(Bindings.createObjectBinding(() -> row.getItem() == null ? null
                    : new Tooltip(row.getItem().backupId() + ", " + row.getItem().createdInFull() + "\n"
                            + row.getItem().listed().location()
                            + (row.getItem().intact() ? "" : "\n" + row.getItem().checks())), row.itemProperty()));
            return row;
        });
    }

    private void askRestore() {
        BackupRow picked = vm.selectedBackupProperty().get();
        if (picked == null) {
            return;
        }
        new RestoreDialog(picked, vm.storeName(), vm.defaultRestoreName()).ask(dialogs).ifPresent(vm::restore);
    }

    private void confirmDelete() {
        BackupRow picked = vm.selectedBackupProperty().get();
        if (picked == null) {
            return;
        }
        boolean sure = dialogs.confirm(new DialogService.Confirmation("Delete backup", "Delete backup "
                + picked.backupId() + " of '" + vm.storeName() + "'?", "Its archive (" + picked.size() + ") is removed"
                + " from the backups folder; it cannot be restored afterwards.", List.of(), "Delete", true));
        if (sure) {
            vm.deleteCommand().execute();
        }
    }

    private static TableColumn<BackupRow, String> column(String title, Function<BackupRow, String> value,
            double width) {
        TableColumn<BackupRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    public Node root() {
        return root;
    }
}
