package dev.storefleet.ui.storetable;

import atlantafx.base.theme.Styles;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.storetable.RollbackDialogViewModel;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The store table with its toolbar and, below it, the selected store in tabs: Details (health,
 * last error, recent Kubernetes events; for a store gone from the cluster, the ways out of that
 * drift) and whatever the console adds (orders).
 */
public final class StoreTableView {
    private static final String NOTHING_SELECTED = "Select a store to see its details, events, orders and pods.";
    private final StoreTableViewModel vm;
    private final SplitPane root = new SplitPane();
    private final TableView<StoreRow> table = new TableView<>();
    private final TextField search = new TextField();
    private final TabPane detailsTabs = new TabPane();
    private final Consumer<String> openUrl;

    /** @param openUrl opens a store's URL in the browser (the app's HostServices) */
    public StoreTableView(StoreTableViewModel vm, Consumer<String> openUrl) {
        this.vm = vm;
        this.openUrl = openUrl;
        root.setOrientation(javafx.geometry.Orientation.VERTICAL);
        root.getItems().addAll(tablePane(), detailsPane());
        root.setDividerPositions(0.6);
    }

    private Node tablePane() {
        search.setId("storeSearchField");
        search.setPromptText("Search name, owner, namespace (Ctrl+F)");
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        ChoiceBox<StoreStatus> status = new ChoiceBox<>();
        status.setId("statusFilter");
        status.getItems().add(null);
        status.getItems().addAll(StoreStatus.values());
        status.setConverter(new StringConverter<>() {
            @Override
            public String toString(StoreStatus s) {
                return s == null ? "All statuses" : s.label();
            }

            @Override
            public StoreStatus fromString(String text) {
                return null;
            }
        });
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        ChoiceBox<StoreHealth.State> health = new ChoiceBox<>();
        health.setId("healthFilter");
        health.setTooltip(new Tooltip("Ready stores by what the cluster shows of them now"));
        health.getItems().add(null);
        health.getItems().addAll(StoreHealth.State.values());
        health.setConverter(new StringConverter<>() {
            @Override
            public String toString(StoreHealth.State s) {
                return s == null ? "All health" : capitalized(s.code());
            }

            @Override
            public StoreHealth.State fromString(String text) {
                return null;
            }
        });
        health.valueProperty().bindBidirectional(vm.healthFilterProperty());

        Button retry = commandButton("Retry", "retryButton", vm.retryCommand(), "Re-run provisioning of a failed store (Ctrl+R)");
        Button upgrade = commandButton("Upgrade", "upgradeButton", vm.upgradeCommand(), "Re-apply the bundled chart (Ctrl+U)");
        Button rollback = new Button("Rollback…");
        rollback.setId("rollbackButton");
        rollback.disableProperty().bind(vm.canRollback().not());
        rollback.setOnAction(e -> pickRollback());
        Button delete = new Button("Delete…");
        delete.setId("deleteButton");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.deleteCommand().executableProperty().not());
        delete.setOnAction(e -> confirmDelete());
        Button cancel = commandButton("Cancel", "cancelButton", vm.cancelCommand(), "Stop the running operation at its next step");
        Button credentials = new Button("Copy admin login");
        credentials.setId("copyCredentialsButton");
        credentials.disableProperty().bind(vm.canCopyCredentials().not());
        credentials.setOnAction(e -> copyCredentials());
        HBox filters = new HBox(6, search, status, health);
        filters.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(6, retry, upgrade, rollback, cancel, delete, credentials);
        actions.setAlignment(Pos.CENTER_LEFT);
        for (Button b : List.of(retry, upgrade, rollback, cancel, delete, credentials)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        VBox toolbar = new VBox(6, filters, actions);
        toolbar.setPadding(new Insets(0, 0, 6, 0));

        table.setId("storeTable");
        // Rows of one fixed height: more stores on a laptop screen (the status icon and the URL
        // link made rows 39 px), and the table lays out only the rows it shows.
        table.getStyleClass().add(Styles.DENSE);
        table.setFixedCellSize(30);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(text("Name", 140, s -> s.name()));
        table.getColumns().add(text("Type", 105, s -> s.type().displayName()));
        table.getColumns().add(text("Owner", 70, s -> s.owner()));
        table.getColumns().get(0).setMinWidth(110);
        table.getColumns().get(1).setMinWidth(105);
        table.getColumns().get(2).setMinWidth(60);
        table.getColumns().add(statusColumn());
        table.getColumns().add(healthColumn());
        table.getColumns().add(progressColumn());
        table.getColumns().add(urlColumn());
        table.getColumns().add(revisionColumn());
        table.getColumns().add(ageColumn());
        SortedList<StoreRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.emptyTextProperty());
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Label notice = new Label();
        notice.textProperty().bind(vm.noticeProperty());
        notice.getStyleClass().addAll("text-small", "text-muted");
        VBox pane = new VBox(toolbar, table, notice);
        pane.setPadding(new Insets(10, 10, 4, 10));
        return pane;
    }

    private Node detailsPane() {
        Label heading = new Label(NOTHING_SELECTED);
        heading.getStyleClass().add("text-bold");
        TextArea lastError = new TextArea();
        lastError.setId("lastErrorText");
        lastError.setEditable(false);
        lastError.setWrapText(true);
        // A diagnosis and the failing container's log lines: room for both, scrolling beyond.
        lastError.setPrefRowCount(8);
        lastError.setMinHeight(64);
        ListView<StoreInspector.ClusterEvent> events = new ListView<>(vm.events());
        events.setId("storeEvents");
        events.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(StoreInspector.ClusterEvent e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : (e.time() == null ? "" : e.time() + "  ") + e.type() + "  "
                        + e.reason() + "  " + e.object() + ": " + e.message());
            }
        });
        Label eventsEmpty = new Label();
        eventsEmpty.setId("storeEventsEmpty");
        eventsEmpty.textProperty().bind(vm.eventsEmptyTextProperty());
        eventsEmpty.setWrapText(true);
        events.setPlaceholder(eventsEmpty);
        vm.selectedProperty().addListener((o, a, row) -> {
            if (row == null) {
                heading.setText(NOTHING_SELECTED);
                lastError.clear();
            }
        });
        vm.selectedProperty().addListener((o, a, row) -> bindDetails(row, heading, lastError));
        VBox.setVgrow(events, Priority.ALWAYS);
        VBox details = new VBox(6, healthPane(), new Label("Last error"), lastError, new Label("Recent events"), events);
        details.setPadding(new Insets(8, 0, 0, 0));
        Tab detailsTab = new Tab("Details", details);
        detailsTab.setId("detailsTab");
        detailsTabs.getTabs().add(detailsTab);
        detailsTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        detailsTabs.setId("detailsTabs");
        // The selected store's name sits on the tabs' own line, right-aligned: every pixel of height
        // here is a row of orders or events more.
        heading.setId("detailsHeading");
        heading.setMouseTransparent(true);
        heading.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        heading.setPadding(new Insets(8, 2, 0, 0));
        StackPane pane = new StackPane(detailsTabs, heading);
        StackPane.setAlignment(heading, Pos.TOP_RIGHT);
        heading.maxWidthProperty().bind(pane.widthProperty().subtract(250)); // the tab headers' width
        pane.setPadding(new Insets(4, 10, 10, 10));
        return pane;
    }

    /**
     * The selected store's health in one line ("Health: degraded — statefulset …: pod …") and, when
     * its namespace or release is gone from the cluster, the two ways out: install it again, or
     * remove it from the console (the delete, with its confirmation).
     */
    private Node healthPane() {
        Label line = new Label();
        line.setId("healthLine");
        line.setWrapText(true);
        line.setMinHeight(Region.USE_PREF_SIZE); // the whole reason, on as many lines as it takes
        line.textProperty().bind(vm.selectedProperty().flatMap(StoreRow::healthTextProperty)
                .map(text -> "Health: " + text).orElse(""));
        line.managedProperty().bind(line.visibleProperty());
        line.visibleProperty().bind(vm.selectedProperty().isNotNull());
        vm.selectedProperty().flatMap(StoreRow::healthCodeProperty).orElse("").addListener((o, a, code) ->
                healthStyle(line, code));
        Button reprovision = commandButton("Re-provision", "reprovisionButton", vm.reprovisionCommand(),
                "Install the store again: namespace, release and a fresh database (its data went with the namespace)");
        reprovision.getStyleClass().add(Styles.ACCENT);
        Button remove = new Button("Remove from console");
        remove.setId("removeRowButton");
        remove.setTooltip(new Tooltip("Delete the store from the console; what is left of it on the cluster is"
                + " removed too"));
        remove.getStyleClass().add("danger");
        remove.disableProperty().bind(vm.deleteCommand().executableProperty().not());
        remove.setOnAction(e -> confirmDelete());
        Label drift = new Label("Removed outside the console:");
        drift.getStyleClass().add("text-muted");
        HBox wayOut = new HBox(6, drift, reprovision, remove);
        wayOut.setId("driftActions");
        wayOut.setAlignment(Pos.CENTER_LEFT);
        wayOut.visibleProperty().bind(vm.driftSelected());
        wayOut.managedProperty().bind(wayOut.visibleProperty());
        return new VBox(4, line, wayOut);
    }

    private static void healthStyle(Label line, String code) {
        line.getStyleClass().removeIf(c -> c.startsWith("health-"));
        if (code != null && !code.isEmpty()) {
            line.getStyleClass().add("health-" + code);
        }
    }

    /** Adds a tab about the selected store next to Details (the orders panel); returns it to select it. */
    public Tab addDetailsTab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        detailsTabs.getTabs().add(tab);
        return tab;
    }

    /** Brings {@code tab} (one of {@link #addDetailsTab}) to the front. */
    public void showDetailsTab(Tab tab) {
        detailsTabs.getSelectionModel().select(tab);
    }

    private void bindDetails(StoreRow row, Label heading, TextArea lastError) {
        if (row == null) {
            return;
        }
        Runnable show = () -> {
            Store s = row.store();
            heading.setText(s.name() + " · " + s.namespace() + " · " + s.status().label());
            lastError.setText(s.lastError() == null ? "No error." : s.lastError());
        };
        show.run();
        row.storeProperty().addListener((o, a, b) -> {
            if (vm.selectedProperty().get() == row) {
                show.run();
            }
        });
    }

    private void confirmDelete() {
        StoreRow row = vm.selectedProperty().get();
        if (row == null) {
            return;
        }
        Store s = row.store();
        boolean drift = row.health() != null && row.health().isDrift();
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, drift
                ? "Remove store '" + s.name() + "' from the console? Its namespace or release was already removed"
                        + " outside the console (" + row.health().reason() + "); whatever is left of release "
                        + s.releaseName() + " in namespace " + s.namespace() + " is removed too."
                : "Delete store '" + s.name() + "'? Its Helm release " + s.releaseName() + " and namespace "
                        + s.namespace() + " are removed from the cluster, with the store's data volumes.",
                ButtonType.CANCEL, ButtonType.OK);
        confirm.setHeaderText("Delete " + s.name());
        confirm.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> vm.deleteCommand().execute());
    }

    private void pickRollback() {
        StoreRow row = vm.selectedProperty().get();
        if (row == null) {
            return;
        }
        RollbackDialogViewModel dialogVm = vm.rollbackDialog(); // its own state, per opening
        dialogVm.loadHistory().thenAccept(revisions -> javafx.application.Platform.runLater(() -> showRollback(dialogVm)));
    }

    private void showRollback(RollbackDialogViewModel dialogVm) {
        Store s = dialogVm.store();
        Dialog<ReleaseInfo> dialog = new Dialog<>();
        dialog.setTitle("Roll back " + s.name());
        dialog.setHeaderText("Pick the revision to return to. A new revision is made with exactly its chart and values."
                + "\nNow deployed: revision " + s.helmRevision());
        TableView<ReleaseInfo> list = new TableView<>();
        list.setId("revisionTable");
        list.getColumns().add(column("Revision", 65, r -> String.valueOf(r.revision())));
        list.getColumns().add(column("Status", 85, ReleaseInfo::status));
        list.getColumns().add(column("Chart", 165, ReleaseInfo::chart)); // the version must show: it may differ
        list.getColumns().add(column("App version", 80, ReleaseInfo::appVersion));
        list.getColumns().add(column("Updated", 170, r -> r.updated() == null ? "" : r.updated().toString()));
        list.getColumns().add(column("Description", 200, r -> r.description() == null ? "" : r.description()));
        list.getItems().setAll(dialogVm.history());
        list.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        list.setPrefSize(780, 200);
        dialogVm.targetRevisionProperty().bind(list.getSelectionModel().selectedItemProperty().map(ReleaseInfo::revision));
        dialog.getDialogPane().setContent(new VBox(8, list, rollbackChanges(dialogVm)));
        dialog.getDialogPane().setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE); // not cut to a default size
        if (root.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        }
        ButtonType rollback = new ButtonType("Roll back", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, rollback);
        dialog.getDialogPane().lookupButton(rollback).disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        dialog.setResultConverter(b -> b == rollback ? list.getSelectionModel().getSelectedItem() : null);
        dialog.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        try {
            dialog.showAndWait().ifPresent(r -> dialogVm.rollbackCommand().execute());
        } finally {
            dialogVm.targetRevisionProperty().unbind();
        }
    }

    /**
     * What rolling back to the picked revision changes: a line of summary (revisions, chart) over
     * a table of the values that differ. With nothing to list, the summary or the error takes the
     * table's place. Nothing here changes height, as the dialog does not grow with its content.
     */
    private Node rollbackChanges(RollbackDialogViewModel vm) {
        Label heading = new Label("What changes");
        heading.getStyleClass().add("text-bold");
        Label summary = new Label();
        summary.setId("rollbackSummary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.visibleProperty().bind(Bindings.isNotEmpty(vm.changes()));
        TableView<ValuesDiff.Change> changes = new TableView<>(vm.changes());
        changes.setId("rollbackChanges");
        changes.getColumns().add(changeKindColumn());
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
        changes.setPrefSize(780, 200);
        return new VBox(6, heading, summary, changes);
    }

    private static TableColumn<ValuesDiff.Change, ValuesDiff.Kind> changeKindColumn() {
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
                    setText(kind.name().toLowerCase(java.util.Locale.ROOT));
                    getStyleClass().add("diff-" + kind.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        return column;
    }

    private void copyCredentials() {
        vm.adminCredentials().thenAccept(c -> javafx.application.Platform.runLater(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(c.password());
            Clipboard.getSystemClipboard().setContent(content);
            Alert info = new Alert(Alert.AlertType.INFORMATION, "Log in at " + c.loginUrl() + " as " + c.user()
                    + ".\nThe password is on the clipboard (this read was recorded in the activity log).");
            info.setHeaderText("Admin login copied");
            info.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            info.show();
        }));
    }

    public void focusSearch() {
        search.requestFocus();
    }

    /** Asks before deleting the selected store (the Delete key). */
    public void deleteSelected() {
        if (vm.deleteCommand().executableProperty().get()) {
            confirmDelete();
        }
    }

    public SplitPane root() {
        return root;
    }

    private static Button commandButton(String text, String id, Command command, String tip) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> command.execute());
        return button;
    }

    private static TableColumn<StoreRow, String> text(String title, double width, Function<Store, String> value) {
        TableColumn<StoreRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(value::apply));
        return column;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    private static TableColumn<StoreRow, StoreStatus> statusColumn() {
        TableColumn<StoreRow, StoreStatus> column = new TableColumn<>("Status");
        column.setPrefWidth(115);
        column.setMinWidth(105);
        column.setCellValueFactory(c -> c.getValue().statusProperty());
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StoreStatus status, boolean empty) {
                super.updateItem(status, empty);
                getStyleClass().removeIf(s -> s.startsWith("status-"));
                if (empty || status == null) {
                    setText(null);
                    return;
                }
                setText(icon(status) + "  " + status.label());
                getStyleClass().add("status-" + status.code().replace('_', '-'));
            }
        });
        return column;
    }

    /**
     * What the fleet watch shows of a READY store: its state in words, coloured per state, the
     * reason as the tooltip; "—" for any other store.
     */
    private static TableColumn<StoreRow, StoreHealth> healthColumn() {
        TableColumn<StoreRow, StoreHealth> column = new TableColumn<>("Health");
        column.setId("healthColumn");
        column.setPrefWidth(90);
        column.setMinWidth(90); // "degraded" in bold, whole
        column.setCellValueFactory(c -> c.getValue().healthProperty());
        column.setComparator(Comparator.nullsFirst(Comparator.comparing(StoreHealth::state)));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StoreHealth health, boolean empty) {
                super.updateItem(health, empty);
                getStyleClass().removeIf(s -> s.startsWith("health-"));
                if (empty) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                if (health == null) {
                    setText(StoreRow.NO_HEALTH);
                    setTooltip(null);
                    return;
                }
                setText(health.state().code());
                getStyleClass().add("health-" + health.state().code());
                setTooltip(health.reason().isEmpty() ? null : new Tooltip(health.reason()));
            }
        });
        return column;
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String icon(StoreStatus status) {
        return switch (status) {
            case READY -> "●";
            case FAILED -> "✖";
            case CREATED -> "○";
            case DELETING -> "⌫";
            default -> "◌";
        };
    }

    private static TableColumn<StoreRow, StoreRow> progressColumn() {
        TableColumn<StoreRow, StoreRow> column = new TableColumn<>("Progress");
        column.setPrefWidth(170);
        column.setSortable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final ProgressIndicator spinner = new ProgressIndicator();
            private final Label label = new Label();
            private final HBox box = new HBox(6, spinner, label);

            {
                spinner.setPrefSize(14, 14);
                spinner.setMaxSize(14, 14);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(StoreRow row, boolean empty) {
                super.updateItem(row, empty);
                label.textProperty().unbind();
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                label.textProperty().bind(row.stepProperty());
                spinner.visibleProperty().bind(row.stepProperty().isNotEmpty());
                spinner.managedProperty().bind(spinner.visibleProperty());
                setGraphic(box);
            }
        });
        return column;
    }

    private TableColumn<StoreRow, String> urlColumn() {
        TableColumn<StoreRow, String> column = new TableColumn<>("URL");
        column.setPrefWidth(150);
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(s -> s.url() == null ? "" : s.url()));
        column.setCellFactory(c -> new TableCell<>() {
            private final Hyperlink link = new Hyperlink();

            {
                link.setOnAction(e -> openUrl.accept(link.getText()));
            }

            @Override
            protected void updateItem(String url, boolean empty) {
                super.updateItem(url, empty);
                link.setText(url);
                setGraphic(empty || url == null || url.isEmpty() ? null : link);
            }
        });
        return column;
    }

    private static TableColumn<StoreRow, Number> revisionColumn() {
        TableColumn<StoreRow, Number> column = new TableColumn<>("Rev");
        column.setPrefWidth(45);
        column.setMinWidth(45);
        column.setCellValueFactory(c -> c.getValue().storeProperty()
                .map(s -> s.helmRevision() == null ? 0 : s.helmRevision()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null || n.intValue() == 0 ? null : n.toString());
            }
        });
        return column;
    }

    private static TableColumn<StoreRow, Instant> ageColumn() {
        TableColumn<StoreRow, Instant> column = new TableColumn<>("Age");
        column.setPrefWidth(55);
        column.setMinWidth(50);
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(Store::createdAt));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant created, boolean empty) {
                super.updateItem(created, empty);
                setText(empty || created == null ? null : age(Duration.between(created, Instant.now())));
                setTooltip(empty || created == null ? null : new Tooltip("created " + created));
            }
        });
        return column;
    }

    /** kubectl-style ages: 45s, 12m, 3h, 5d. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }
}
