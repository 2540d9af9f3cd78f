package dev.storefleet.ui.storetable;

import atlantafx.base.theme.Styles;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.ViewPreferences;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.capitalized;
import static dev.storefleet.ui.controls.Controls.labels;

/**
 * The store table, the centre of the console: a toolbar (search, status and health filters, what
 * acts on the selection) over the table, whose columns fit their content and can be chosen from
 * its menu button. Sort, filters and the columns shown are remembered. What the selected store
 * is and what can be done to it alone is in {@link StoreDetailsPanel}.
 */
public final class StoreTableView {
    private final StoreTableViewModel vm;
    private final StoreActions actions;
    private final VBox root = new VBox();
    private final HBox toolbar = new HBox(6);
    private final HBox selectionBar = new HBox(6);
    private final TableView<StoreRow> table = new TableView<>();
    private final TextField search = new TextField();
    /** True while the table shows a selection the view-model made: not told back to it. */
    private boolean syncing;

    /**
     * @param openUrl opens a store's URL in the browser (the app's HostServices)
     * @param prefs   where the sort, filters and columns are remembered
     */
    public StoreTableView(StoreTableViewModel vm, DialogService dialogs, ViewPreferences prefs,
            Consumer<String> openUrl) {
        this.vm = vm;
        this.actions = new StoreActions(vm, dialogs);
        buildToolbar();
        StoreColumns columns = new StoreColumns(openUrl);
        buildTable(columns);
        new ColumnFitter(table, columns);
        TableMemory.restoreAndFollow(table, vm, prefs);

        Label notice = new Label();
        notice.setId("storeNotice");
        notice.textProperty().bind(vm.noticeProperty());
        notice.getStyleClass().addAll("text-small", "text-muted");
        notice.setPadding(new Insets(2, 0, 0, 0));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label bulk = new Label();
        bulk.setId("bulkResult");
        bulk.textProperty().bind(vm.bulkResultProperty());
        bulk.getStyleClass().add(Styles.TEXT_SMALL);
        bulk.setWrapText(true);
        dev.storefleet.ui.controls.Controls.showWhen(bulk, vm.bulkResultProperty().isNotEmpty());
        root.getChildren().setAll(toolbar, selectionBar, table, notice, bulk);
        root.setPadding(new Insets(10, 10, 4, 10));
        root.setMinWidth(0);
    }

    private void buildToolbar() {
        search.setId("storeSearchField");
        search.setPromptText("Search name, owner, namespace (Ctrl+F)");
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setPrefColumnCount(22);
        HBox.setHgrow(search, Priority.SOMETIMES);
        ChoiceBox<StoreStatus> status = new ChoiceBox<>();
        status.setId("statusFilter");
        status.getItems().add(null);
        status.getItems().addAll(StoreStatus.values());
        status.setConverter(labels(s -> s == null ? "All statuses" : s.label()));
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        ChoiceBox<StoreHealth.State> health = new ChoiceBox<>();
        health.setId("healthFilter");
        health.setTooltip(new Tooltip("Ready stores by what the cluster shows of them now"));
        health.getItems().add(null);
        health.getItems().addAll(StoreHealth.State.values());
        health.setConverter(labels(s -> s == null ? "All health" : capitalized(s.code())));
        health.valueProperty().bindBidirectional(vm.healthFilterProperty());

        ToggleButton outdated = new ToggleButton("Outdated");
        outdated.setId("outdatedFilter");
        outdated.setTooltip(new Tooltip("Only stores whose chart is behind the one this console carries for their type"));
        outdated.setMinWidth(Region.USE_PREF_SIZE);
        outdated.selectedProperty().bindBidirectional(vm.outdatedOnlyProperty());

        Button verify = bulkButton("Verify…", "verifySelectedButton",
                "Verify the selected ready stores: a test order placed and found in each, after one confirmation",
                vm.verifySelectedCommand(), actions::confirmVerifySelection);
        Button upgrade = bulkButton("Upgrade…", "upgradeSelectedButton",
                "Upgrade the selected stores to the bundled chart, after seeing what changes",
                vm.upgradeSelectedCommand(), actions::confirmUpgradeSelection);
        Button retry = bulkButton("Retry…", "retrySelectedButton", "Retry the selected failed stores, after one confirmation",
                vm.retrySelectedCommand(), actions::confirmRetrySelection);
        Button delete = new Button("Delete…");
        delete.setId("deleteButton");
        delete.setTooltip(new Tooltip("Delete the selected stores, after one confirmation that lists them (Delete)"));
        delete.getStyleClass().add(Styles.DANGER);
        delete.setMinWidth(Region.USE_PREF_SIZE);
        delete.disableProperty().bind(vm.deleteSelectedCommand().executableProperty().not());
        delete.setOnAction(e -> actions.confirmDeleteSelection());
        Button selectAll = new Button("Select all");
        selectAll.setId("selectAllButton");
        selectAll.setTooltip(new Tooltip("Select every store the search and filters show (Ctrl+A in the table)"));
        selectAll.setMinWidth(Region.USE_PREF_SIZE);
        selectAll.setOnAction(e -> vm.selectAllMatching());
        Label count = new Label();
        count.setId("selectionCount");
        count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(Bindings.size(vm.selection()).map(n -> n.intValue() > 1 ? n + " selected" : ""));
        // Two rows: what the table shows (search and filters), then what acts on the selection; in one
        // row they did not fit beside the details panel at 1366×768.
        search.setMinWidth(160);
        toolbar.getChildren().setAll(search, status, health, outdated);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(0, 0, 6, 0));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        selectionBar.getChildren().setAll(selectAll, count, spacer, verify, upgrade, retry, delete);
        selectionBar.setAlignment(Pos.CENTER_LEFT);
        selectionBar.setPadding(new Insets(0, 0, 6, 0));
        selectionBar.setId("selectionBar");
    }

    private static Button bulkButton(String text, String id, String tip, Command command, Runnable confirm) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> confirm.run());
        return button;
    }

    private void buildTable(StoreColumns columns) {
        table.setId("storeTable");
        // Rows of one fixed height: more stores on a laptop screen (the status icon and the URL
        // link made rows 39 px), and the table lays out only the rows it shows.
        table.getStyleClass().add(Styles.DENSE);
        table.setFixedCellSize(30);
        table.setTableMenuButtonVisible(true); // the column chooser
        columns.fitted().forEach(f -> table.getColumns().add(f.column()));
        SortedList<StoreRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.emptyTextProperty());
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<StoreRow>) c -> tellSelection());
        // The lead row can change after the list did (a ctrl-click): told again then.
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> tellSelection());
        vm.selection().addListener((ListChangeListener<StoreRow>) c -> showSelection());
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null && !table.getSelectionModel().isEmpty()) {
                table.getSelectionModel().clearSelection();
            }
        });
    }

    /** The table's selection to the view-model, the row last clicked last (the lead row the details show). */
    private void tellSelection() {
        if (syncing) {
            return;
        }
        List<StoreRow> picked = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        StoreRow lead = table.getSelectionModel().getSelectedItem();
        if (lead != null && picked.remove(lead)) {
            picked.add(lead);
        }
        vm.select(picked);
    }

    /** A selection the view-model made (select all matching, rows gone) shown in the table. */
    private void showSelection() {
        var model = table.getSelectionModel();
        if (syncing || Set.copyOf(model.getSelectedItems()).equals(Set.copyOf(vm.selection()))) {
            return;
        }
        syncing = true;
        try {
            model.clearSelection();
            for (StoreRow row : vm.selection()) {
                model.select(row);
            }
        } finally {
            syncing = false;
        }
    }

    /** Puts {@code node} first on the toolbar (the New store button). */
    public void addToToolbarStart(Node node) {
        toolbar.getChildren().add(0, node);
    }

    /** The selection let go: the details panel closes with it. */
    public void clearSelection() {
        table.getSelectionModel().clearSelection();
        vm.selectedProperty().set(null);
    }

    public void focusSearch() {
        search.requestFocus();
    }

    public void focusTable() {
        table.requestFocus();
    }

    /** Asks before deleting the selected stores (the Delete key). */
    public void deleteSelected() {
        actions.confirmDeleteSelection();
    }

    /** Asks before upgrading the lead store, showing what changes (Ctrl+U). */
    public void upgradeSelected() {
        actions.confirmUpgrade();
    }

    StoreActions actions() {
        return actions;
    }

    public TableView<StoreRow> table() {
        return table;
    }

    public Node root() {
        return root;
    }
}
