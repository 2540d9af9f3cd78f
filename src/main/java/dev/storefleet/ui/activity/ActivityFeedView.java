package dev.storefleet.ui.activity;

import dev.storefleet.viewmodel.activity.ActivityFeedViewModel;
import dev.storefleet.viewmodel.activity.ActivityFeedViewModel.ActionOption;
import dev.storefleet.viewmodel.activity.FeedRow;
import java.io.File;
import java.time.LocalDate;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The activity feed: filters, the event table (virtualised; rows are paged in by the
 * view-model as the user scrolls), the count and CSV export. Layout and binding only.
 */
public final class ActivityFeedView {
    private final ActivityFeedViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<FeedRow> table = new TableView<>();

    public ActivityFeedView(ActivityFeedViewModel viewModel) {
        this.vm = viewModel;

        TextField storeFilter = new TextField();
        storeFilter.setId("activityStoreFilter");
        storeFilter.setPromptText("Filter by store name");
        storeFilter.setPrefColumnCount(18);
        storeFilter.textProperty().bindBidirectional(vm.storeFilterProperty());

        ComboBox<ActionOption> actionFilter = new ComboBox<>(FXCollections.observableArrayList(vm.actionOptions()));
        actionFilter.setId("activityActionFilter");
        actionFilter.setVisibleRowCount(12);
        actionFilter.valueProperty().bindBidirectional(vm.actionFilterProperty());

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.setMaxSize(18, 18);
        busy.visibleProperty().bind(vm.loadingProperty());

        Label count = new Label();
        count.setId("activityCount");
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(vm.countTextProperty());

        Button export = new Button("Export CSV…");
        export.setId("activityExport");
        export.disableProperty().bind(vm.exportingProperty());
        export.setOnAction(e -> chooseExportFile());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label title = new Label("Activity");
        title.getStyleClass().add("title-3");
        HBox toolbar = new HBox(10, title, storeFilter, actionFilter, busy, spacer, count, export);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label errorText = new Label();
        errorText.setWrapText(true);
        errorText.textProperty().bind(vm.errorProperty());
        Label errorTitle = new Label("The activity could not be loaded");
        errorTitle.getStyleClass().add("text-bold");
        errorTitle.setStyle("-fx-text-fill: -color-danger-fg;");
        VBox error = new VBox(4, errorTitle, errorText);
        error.setId("activityError");
        error.setPadding(new Insets(10, 14, 10, 14));
        error.setStyle("-fx-background-color: -color-danger-subtle; -fx-border-color: -color-danger-muted;"
                + " -fx-background-radius: 6; -fx-border-radius: 6;");
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox top = new VBox(10, toolbar, error);
        top.setPadding(new Insets(0, 0, 10, 0));
        root.setTop(top);

        buildTable();
        root.setCenter(table);

        Label exportStatus = new Label();
        exportStatus.setId("activityExportStatus");
        exportStatus.getStyleClass().addAll("text-muted", "text-small");
        exportStatus.textProperty().bind(vm.exportStatusProperty());
        exportStatus.visibleProperty().bind(vm.exportStatusProperty().isNotEmpty());
        exportStatus.managedProperty().bind(exportStatus.visibleProperty());
        BorderPane.setMargin(exportStatus, new Insets(6, 0, 0, 0));
        root.setBottom(exportStatus);

        root.setId("activityFeedPanel");
        root.setPadding(new Insets(16));
    }

    public Node root() {
        return root;
    }

    private void buildTable() {
        table.setId("activityFeed");
        table.setItems(vm.rows());
        table.getStyleClass().addAll("dense", "striped");
        // One height for every row keeps scrolling through many rows cheap.
        table.setFixedCellSize(28);
        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.placeholderProperty());
        placeholder.getStyleClass().add("text-muted");
        table.setPlaceholder(placeholder);

        TableColumn<FeedRow, String> outcome = column("Outcome", FeedRow::outcome, 90);
        outcome.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                FeedRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setStyle(row != null && row.failed() ? "-fx-text-fill: -color-danger-fg;" : "");
            }
        });
        TableColumn<FeedRow, String> detail = column("Detail", FeedRow::detail, 420);
        detail.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                FeedRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String full = row == null ? null : row.event().detail();
                setTooltip(full == null || full.isEmpty() ? null : new Tooltip(full));
            }
        });
        table.getColumns().setAll(java.util.List.of(
                column("Time", FeedRow::time, 150),
                column("Action", FeedRow::action, 150),
                outcome,
                column("Store", FeedRow::store, 140),
                column("Actor", FeedRow::actor, 100),
                detail));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        // Rows tell the view-model which index they show; near the end it loads the next page.
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            public void updateIndex(int index) {
                super.updateIndex(index);
                if (index >= 0 && index < table.getItems().size()) {
                    vm.rowShown(index);
                }
            }
        });
    }

    private static TableColumn<FeedRow, String> column(String title, Function<FeedRow, String> value, double width) {
        TableColumn<FeedRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        // The feed is newest first from the database; sorting the loaded page alone would mislead.
        column.setSortable(false);
        return column;
    }

    private void chooseExportFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export activity as CSV");
        chooser.setInitialFileName("storefleet-activity-" + LocalDate.now() + ".csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        File file = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            vm.exportCsv(file.toPath()); // outcome shown through exportStatusProperty
        }
    }
}
