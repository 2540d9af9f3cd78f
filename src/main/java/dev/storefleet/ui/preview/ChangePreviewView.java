package dev.storefleet.ui.preview;

import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.viewmodel.preview.ChangePreviewViewModel;
import dev.storefleet.viewmodel.preview.DiffLine;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.column;
import static dev.storefleet.ui.controls.Controls.showWhen;

/**
 * What a change of one store would do, the way Helm Dashboard shows an upgrade: the chart before
 * and after, the values that change, the objects added, removed and changed on the left and the
 * picked object's unified diff on the right (monospace, scrollable, + and − lines coloured). The
 * upgrade confirmation, the rollback dialog and the rollout plan show it over their own view-model.
 */
public final class ChangePreviewView {
    private final VBox root = new VBox(6);

    /** @param withValues false where the values are shown already (the rollback dialog's own table) */
    public ChangePreviewView(ChangePreviewViewModel vm, boolean withValues) {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("previewProgress");
        progress.setPrefSize(16, 16);
        progress.setMaxSize(16, 16);
        showWhen(progress, vm.loadingProperty());
        Label summary = new Label();
        summary.setId("previewSummary");
        summary.textProperty().bind(vm.summaryProperty());
        Button cancel = new Button("Stop waiting");
        cancel.setId("previewCancel");
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> vm.cancelCommand().execute());
        showWhen(cancel, vm.cancelCommand().executableProperty());
        HBox status = new HBox(8, progress, summary, cancel);
        status.setAlignment(Pos.CENTER_LEFT);
        // Nothing here changes height as the preview arrives: a dialog does not grow with its content,
        // and its buttons would be pushed out of it. The error takes the object list's place.
        Label charts = new Label();
        charts.setId("previewCharts");
        charts.getStyleClass().add("text-bold");
        charts.textProperty().bind(vm.chartsProperty().map(c -> c.isEmpty() ? " " : c));
        status.setMinHeight(24);
        status.setPrefHeight(24);
        root.getChildren().addAll(charts, status);
        if (withValues) {
            root.getChildren().add(values(vm));
        }
        Node manifests = manifests(vm);
        VBox.setVgrow(manifests, Priority.ALWAYS);
        root.getChildren().add(manifests);
        root.setId("changePreview");
        root.setPadding(new Insets(4, 0, 0, 0));
    }

    private static Node values(ChangePreviewViewModel vm) {
        TableView<ValuesDiff.Change> table = new TableView<>(vm.values());
        table.setId("previewValues");
        table.getColumns().add(column("Change", 75, c -> c.kind().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(column("Value", 230, ValuesDiff.Change::path));
        table.getColumns().add(column("Now", 200, c -> c.before() == null ? "(not set)" : c.before()));
        table.getColumns().add(column("After", 200, c -> c.after() == null ? "(not set)" : c.after()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No user value changes."));
        table.setPrefHeight(120);
        table.setMinHeight(80);
        return table;
    }

    private static Node manifests(ChangePreviewViewModel vm) {
        ListView<ManifestDiff.ObjectChange> objects = new ListView<>(vm.objects());
        objects.setId("previewObjects");
        Label error = new Label();
        error.setId("previewError");
        error.setWrapText(true);
        error.getStyleClass().addAll("error-text", "danger");
        error.textProperty().bind(vm.errorProperty());
        showWhen(error, vm.errorProperty().isNotEmpty());
        Label none = new Label("No object changes.");
        none.visibleProperty().bind(vm.errorProperty().isEmpty().and(vm.previewProperty().isNotNull()));
        none.managedProperty().bind(none.visibleProperty());
        VBox placeholder = new VBox(4, error, none);
        placeholder.setAlignment(Pos.CENTER);
        placeholder.setPadding(new Insets(8));
        objects.setPlaceholder(placeholder);
        objects.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ManifestDiff.ObjectChange change, boolean empty) {
                super.updateItem(change, empty);
                getStyleClass().removeIf(s -> s.startsWith("diff-"));
                if (empty || change == null) {
                    setText(null);
                    return;
                }
                String kind = change.change().name().toLowerCase(Locale.ROOT);
                setText(kind + "  " + change.kind() + "/" + change.name());
                getStyleClass().add("diff-" + kind);
            }
        });
        // The view-model picks the first changed object; the list shows and changes that pick.
        vm.pickedObjectProperty().addListener((o, was, now) -> {
            if (objects.getSelectionModel().getSelectedItem() != now) {
                objects.getSelectionModel().select(now);
            }
        });
        objects.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.pickedObjectProperty().set(now);
            }
        });
        ListView<DiffLine> diff = new ListView<>(vm.diff());
        diff.setId("previewDiff");
        diff.getStyleClass().add("diff-lines");
        diff.setFixedCellSize(18);
        Label noDiff = new Label();
        noDiff.textProperty().bind(Bindings.when(Bindings.isEmpty(vm.objects())).then("")
                .otherwise("Pick an object to see its diff."));
        diff.setPlaceholder(noDiff);
        diff.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(DiffLine line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeIf(s -> s.startsWith("diff-line-"));
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                setText(line.text());
                getStyleClass().add("diff-line-" + line.kind().name().toLowerCase(Locale.ROOT));
            }
        });
        SplitPane split = new SplitPane(objects, diff);
        split.setId("previewManifests");
        split.setDividerPositions(0.32);
        split.setPrefSize(820, 300);
        split.setMinHeight(160);
        return split;
    }

    public Node root() {
        return root;
    }
}
