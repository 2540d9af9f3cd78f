package dev.storefleet.ui.storetable;

import atlantafx.base.theme.Styles;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreInspector;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.commandButton;
import static dev.storefleet.ui.controls.Controls.showWhen;

/**
 * The selected store, beside the table: its name and state, what can be done to it (retry,
 * upgrade, roll back, cancel, copy the admin login), and tabs: Details (health and why, last
 * error, recent Kubernetes events; for a store gone from the cluster, the ways out of that
 * drift) and what the console adds (orders, pods). Where it is placed, and when it opens and
 * closes, is the window's business ({@code MainWindow}); it follows the view-model's selected row.
 */
public final class StoreDetailsPanel {
    private final StoreTableViewModel vm;
    private final StoreActions actions;
    private final VBox root = new VBox(8);
    private final TabPane tabs = new TabPane();
    private final Button close = new Button("✕");

    public StoreDetailsPanel(StoreTableViewModel vm, StoreTableView table) {
        this.vm = vm;
        this.actions = table.actions();
        Tab details = new Tab("Details", detailsTab());
        details.setId("detailsTab");
        tabs.getTabs().add(details);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("detailsTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.getChildren().setAll(heading(), actionBar(), tabs);
        root.setId("detailsPanel");
        root.getStyleClass().add("details-panel");
        root.setPadding(new Insets(10, 12, 10, 12));
        root.setMinWidth(360);
    }

    /** The store's name, large, with its namespace and status under it; the close button on the right. */
    private Node heading() {
        ObservableValue<Store> store = vm.selectedProperty().flatMap(StoreRow::storeProperty);
        Label name = new Label();
        name.setId("detailsHeading");
        name.getStyleClass().add(Styles.TITLE_4);
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        name.textProperty().bind(store.map(Store::name).orElse(""));
        Label where = new Label();
        where.setId("detailsSubheading");
        where.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        where.textProperty().bind(store.map(s -> s.namespace() + " · " + s.status().label() + " · "
                + s.type().displayName() + " · owner " + s.owner()).orElse(""));
        VBox text = new VBox(2, name, where);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        close.setId("closeDetailsButton");
        close.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_CIRCLE);
        close.setTooltip(new Tooltip("Close (Esc)"));
        close.setFocusTraversable(false);
        HBox box = new HBox(8, text, close);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    private Node actionBar() {
        Button retry = commandButton("Retry", "retryButton", vm.retryCommand(),
                "Re-run provisioning of a failed store (Ctrl+R)");
        Button upgrade = commandButton("Upgrade…", "upgradeButton", vm.upgradeCommand(),
                "Upgrade to the bundled chart, after seeing what changes (Ctrl+U)");
        upgrade.setOnAction(e -> actions.confirmUpgrade());
        Button rollback = new Button("Rollback…");
        rollback.setId("rollbackButton");
        rollback.setTooltip(new Tooltip("Return to an earlier Helm revision, after seeing what changes"));
        rollback.disableProperty().bind(vm.canRollback().not());
        rollback.setOnAction(e -> actions.pickRollback());
        Button suspend = commandButton("Suspend", "suspendButton", vm.suspendCommand(),
                "Switch the store off: its workloads go to zero replicas, its data volumes stay");
        Button resume = commandButton("Resume", "resumeButton", vm.resumeCommand(),
                "Switch a suspended store back on: its workloads return to the replicas they had");
        Button cancel = commandButton("Cancel", "cancelButton", vm.cancelCommand(),
                "Stop the running operation at its next step");
        Button credentials = new Button("Copy admin login");
        credentials.setId("copyCredentialsButton");
        credentials.setTooltip(new Tooltip("Copy the admin password to the clipboard (the read is audited)"));
        credentials.disableProperty().bind(vm.canCopyCredentials().not());
        credentials.setOnAction(e -> actions.copyCredentials());
        FlowPane bar = new FlowPane(6, 6, retry, upgrade, rollback, suspend, resume, cancel, credentials);
        bar.setId("detailsActions");
        return bar;
    }

    private Node detailsTab() {
        TextArea lastError = new TextArea();
        lastError.setId("lastErrorText");
        lastError.setEditable(false);
        lastError.setWrapText(true);
        // A diagnosis and the failing container's log lines: room for both, scrolling beyond.
        lastError.setPrefRowCount(8);
        lastError.setMinHeight(64);
        // One binding on the selected row's store, followed as it changes: no listener per selection.
        lastError.textProperty().bind(vm.selectedProperty().flatMap(StoreRow::storeProperty)
                .map(s -> s.lastError() == null ? "No error." : s.lastError()).orElse(""));
        ListView<StoreInspector.ClusterEvent> events = new ListView<>(vm.events());
        events.setId("storeEvents");
        events.setCellFactory(list -> new ListCell<>() {
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
        VBox.setVgrow(events, Priority.ALWAYS);
        VBox details = new VBox(6, healthPane(), new Label("Last error"), lastError, new Label("Recent events"), events);
        details.setPadding(new Insets(8, 0, 0, 0));
        return details;
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
        showWhen(line, vm.selectedProperty().isNotNull());
        vm.selectedProperty().flatMap(StoreRow::healthCodeProperty).orElse("").addListener((o, a, code) ->
                healthStyle(line, code));
        Button reprovision = commandButton("Re-provision", "reprovisionButton", vm.reprovisionCommand(),
                "Install the store again: namespace, release and a fresh database (its data went with the namespace)");
        reprovision.getStyleClass().add(Styles.ACCENT);
        Button remove = new Button("Remove from console");
        remove.setId("removeRowButton");
        remove.setTooltip(new Tooltip("Delete the store from the console; what is left of it on the cluster is"
                + " removed too"));
        remove.getStyleClass().add(Styles.DANGER);
        remove.disableProperty().bind(vm.deleteCommand().executableProperty().not());
        remove.setOnAction(e -> actions.confirmDelete());
        Label drift = new Label("Removed outside the console:");
        drift.getStyleClass().add(Styles.TEXT_MUTED);
        FlowPane wayOut = new FlowPane(6, 6, drift, reprovision, remove);
        wayOut.setId("driftActions");
        wayOut.setAlignment(Pos.CENTER_LEFT);
        showWhen(wayOut, vm.driftSelected());
        return new VBox(4, line, wayOut);
    }

    private static void healthStyle(Label line, String code) {
        line.getStyleClass().removeIf(c -> c.startsWith("health-"));
        if (code != null && !code.isEmpty()) {
            line.getStyleClass().add("health-" + code);
        }
    }

    /** Adds a tab about the selected store next to Details (orders, pods); returns it to select it. */
    public Tab addTab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tabs.getTabs().add(tab);
        return tab;
    }

    /** Brings {@code tab} (one of {@link #addTab}) to the front. */
    public void showTab(Tab tab) {
        tabs.getSelectionModel().select(tab);
    }

    /** True while {@code tab} is in front and the panel is open: what the Pods tab polls by. */
    public ObservableBooleanValue showing(Tab tab, ObservableBooleanValue panelOpen) {
        return Bindings.createBooleanBinding(() -> tab.isSelected() && panelOpen.get(), tab.selectedProperty(),
                panelOpen);
    }

    public Button closeButton() {
        return close;
    }

    public Node root() {
        return root;
    }
}
