package dev.storefleet.ui.pods;

import dev.storefleet.ui.controls.Controls;
import dev.storefleet.viewmodel.pods.PodRow;
import dev.storefleet.viewmodel.pods.PodsViewModel;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The pods of the selected store (status, ready containers, restarts, last state, age) and below
 * them the log of one container: picked in a list, its previous instance for one that restarted,
 * followed live, copied. Layout and binding only; see {@link PodsViewModel}.
 */
public final class PodsPanel {
    private final PodsViewModel vm;
    private final VBox root = new VBox(6);
    private final TableView<PodRow> table = new TableView<>();
    private final ListView<String> logLines = new ListView<>();

    public PodsPanel(PodsViewModel viewModel) {
        this.vm = viewModel;
        buildTable();
        Label error = new Label();
        error.setId("podsError");
        error.getStyleClass().add("inline-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        // Shown above the table when there are rows to keep (else the table's placeholder says it).
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()).and(Bindings.isNotEmpty(vm.rows())));
        error.managedProperty().bind(error.visibleProperty());
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox podsSide = new VBox(4, error, table);
        podsSide.setMinWidth(0);
        table.setMinWidth(0);

        // One over the other: the details panel beside the store table is tall and narrow, and a
        // log wants the whole width for its lines.
        SplitPane split = new SplitPane(podsSide, logPane());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.4);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().setAll(split);
        root.setId("podsPanel");
        root.setPadding(new Insets(6, 0, 0, 0));
    }

    /**
     * Reads pods and follows logs only while {@code tabSelected} and the window is showing: a
     * hidden tab or a closed console costs the cluster nothing.
     */
    public void showWhile(ObservableBooleanValue tabSelected) {
        ObservableValue<Boolean> windowShowing = root.sceneProperty().flatMap(Scene::windowProperty)
                .flatMap(Window::showingProperty).orElse(false);
        vm.shownProperty().bind(Bindings.createBooleanBinding(() -> tabSelected.get() && windowShowing.getValue(),
                tabSelected, windowShowing));
    }

    private void buildTable() {
        table.setId("podsTable");
        // Sorted by a click on a column (restarts, age), the view-model's order (oldest first) otherwise.
        SortedList<PodRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        Controls.denseTable(table, 26, "podsPlaceholder", vm.placeholderProperty());
        TableColumn<PodRow, String> reason = column("Reason", PodRow::reason, 115);
        Controls.errorWhen(reason, text -> !text.isEmpty() && !text.equals("Completed"));
        TableColumn<PodRow, Integer> restarts = new TableColumn<>("Restarts");
        restarts.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().restarts()));
        restarts.setPrefWidth(64);
        restarts.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().setAll(List.of(
                column("Pod", PodRow::shortName, 150),
                column("Ready", PodRow::ready, 64),
                reason,
                restarts,
                column("Phase", PodRow::phase, 68),
                column("Age", PodRow::age, 45),
                column("Last state", PodRow::lastState, 170),
                column("Owner", PodRow::owner, 200)));
        // The pod's full name, what made it and what is wrong with it in its own words, under the pointer.
        table.setRowFactory(t -> {
            TableRow<PodRow> row = new TableRow<>();
            row.tooltipProperty().bind(Bindings.createObjectBinding(() -> row.getItem() == null ? null
                    : new Tooltip(row.getItem().name() + (row.getItem().message().isEmpty() ? ""
                            : "\n" + row.getItem().message())), row.itemProperty()));
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> vm.pick(row));
        vm.selectedPodProperty().addListener((o, was, row) -> select(row));
    }

    /** The view-model picks a pod too (the first one that is not well, the same one after a poll). */
    private void select(PodRow row) {
        if (row == null) {
            table.getSelectionModel().clearSelection();
        } else if (!row.equals(table.getSelectionModel().getSelectedItem())) {
            table.getSelectionModel().select(row);
        }
    }

    private Node logPane() {
        Label containerLabel = new Label("Container");
        ChoiceBox<String> containers = new ChoiceBox<>(vm.containers());
        containers.setId("containerChoice");
        containers.setMinWidth(110);
        containers.setConverter(dev.storefleet.ui.controls.Controls.labels(vm::containerLabel));
        containers.valueProperty().bindBidirectional(vm.containerProperty());
        containers.disableProperty().bind(Bindings.isEmpty(vm.containers()));
        containerLabel.setLabelFor(containers);
        containerLabel.setMinWidth(Region.USE_PREF_SIZE);

        CheckBox previous = new CheckBox("Previous");
        previous.setId("previousLog");
        previous.setMinWidth(Region.USE_PREF_SIZE);
        previous.setTooltip(new Tooltip("The log of the container's instance before its last restart"
                + " (why it crashed)"));
        previous.selectedProperty().bindBidirectional(vm.previousProperty());
        previous.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.previousAvailableProperty().get()
                && !vm.previousProperty().get(), vm.previousAvailableProperty(), vm.previousProperty()));

        ToggleButton follow = new ToggleButton("Follow");
        follow.setId("followLog");
        follow.setMinWidth(Region.USE_PREF_SIZE);
        follow.setTooltip(new Tooltip("Show new lines as the container writes them (the newest "
                + String.format("%,d", PodsViewModel.LOG_CAPACITY) + " are kept)"));
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        follow.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.followAvailableProperty().get()
                && !vm.followProperty().get(), vm.followAvailableProperty(), vm.followProperty()));

        Button copy = new Button("Copy");
        copy.setId("copyLog");
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy the selected lines, or the whole log shown when none is selected"
                + " (Ctrl+C copies the selection)"));
        copy.disableProperty().bind(Bindings.isEmpty(vm.logLines()));
        copy.setOnAction(e -> copy());

        Label status = new Label();
        status.setId("logStatus");
        status.getStyleClass().addAll("text-small", "text-muted");
        status.textProperty().bind(vm.logStatusProperty());
        status.setMinWidth(0);
        status.setMaxWidth(Double.MAX_VALUE);
        status.tooltipProperty().bind(Bindings.createObjectBinding(() -> vm.logStatusProperty().get().isEmpty()
                ? null : new Tooltip(vm.logStatusProperty().get()), vm.logStatusProperty()));

        // Wraps onto a second row in a narrow pane rather than hiding Copy or pushing the divider.
        HBox picker = new HBox(6, containerLabel, containers);
        picker.setAlignment(Pos.CENTER_LEFT);
        FlowPane toolbar = new FlowPane(8, 4, picker, follow, copy, previous);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setMinWidth(0);

        Label logError = new Label();
        logError.setId("logError");
        logError.getStyleClass().add("inline-error");
        logError.setWrapText(true);
        logError.setMaxWidth(Double.MAX_VALUE);
        logError.setMinHeight(Region.USE_PREF_SIZE);
        logError.textProperty().bind(vm.logErrorProperty());
        logError.visibleProperty().bind(Bindings.isNotEmpty(vm.logErrorProperty()));
        logError.managedProperty().bind(logError.visibleProperty());

        logLines.setId("logArea");
        logLines.setItems(vm.logLines());
        logLines.getStyleClass().addAll("dense", "log-lines");
        logLines.setFixedCellSize(20);
        logLines.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        logLines.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
            }
        });
        Label noLines = new Label();
        noLines.getStyleClass().add("text-muted");
        noLines.setWrapText(true);
        noLines.textProperty().bind(vm.logPlaceholderProperty());
        logLines.setPlaceholder(noLines);
        logLines.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copy();
                e.consume();
            }
        });
        // The newest lines are at the bottom: keep them in view, unless lines are selected (being read).
        vm.logLines().addListener((ListChangeListener<String>) change -> {
            if (logLines.getSelectionModel().isEmpty() && !vm.logLines().isEmpty()) {
                logLines.scrollTo(vm.logLines().size() - 1);
            }
        });
        VBox.setVgrow(logLines, Priority.ALWAYS);
        logLines.setMinWidth(0);
        VBox pane = new VBox(4, toolbar, status, logError, logLines);
        pane.setMinWidth(0);
        pane.setPadding(new Insets(0, 0, 0, 6));
        return pane;
    }

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    /** The selected lines, or the whole log shown when none is selected, onto the clipboard. */
    private void copy() {
        List<String> selected = logLines.getSelectionModel().getSelectedItems();
        String text = selected.isEmpty() ? vm.logText() : String.join("\n", selected);
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private static TableColumn<PodRow, String> column(String title, Function<PodRow, String> value, double width) {
        TableColumn<PodRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    public Node root() {
        return root;
    }
}
