package dev.storefleet.ui;

import dev.storefleet.ui.activity.ActivityFeedView;
import dev.storefleet.ui.header.ClusterHeader;
import dev.storefleet.ui.metrics.MetricsPanel;
import dev.storefleet.ui.orders.OrdersPanel;
import dev.storefleet.ui.pods.PodsPanel;
import dev.storefleet.ui.storeform.StoreFormView;
import dev.storefleet.ui.storetable.StoreTableView;
import dev.storefleet.viewmodel.ConsoleViewModels;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Every view of the console over its view-models, in the main window, with the keyboard
 * shortcuts. Built the same way by the app and by the UI tests.
 */
public final class ConsoleView {
    private final ConsoleViewModels vms;
    private final ClusterHeader header;
    private final StoreFormView form;
    private final StoreTableView table;
    private final Tab ordersTab;
    private final Tab podsTab;
    private final MainWindow window;

    public ConsoleView(ConsoleViewModels vms, Consumer<String> openUrl) {
        this.vms = vms;
        this.header = new ClusterHeader(vms.cluster());
        this.form = new StoreFormView(vms.form());
        this.table = new StoreTableView(vms.table(), openUrl);
        this.ordersTab = table.addDetailsTab("Orders", "ordersTab", new OrdersPanel(vms.orders()).root());
        PodsPanel pods = new PodsPanel(vms.pods());
        this.podsTab = table.addDetailsTab("Pods", "podsTab", pods.root());
        pods.showWhile(podsTab.selectedProperty());
        Node metrics = new MetricsPanel(vms.metrics()).root();
        Node activity = new ActivityFeedView(vms.activity()).root();
        this.window = new MainWindow().assemble(header, form, table, metrics, activity,
                vms.table().errorProperty(), vms.cluster().problemProperty());
    }

    /**
     * Ctrl+N new store, Ctrl+F search, Ctrl+R retry, Ctrl+U upgrade, F5 refresh (stores, and the
     * selected store's orders, and its pods when the Pods tab is in front), Ctrl+O place a test order, Ctrl+Shift+V verify, Delete, Ctrl+T theme.
     */
    public void installShortcuts(Scene scene, Runnable toggleTheme) {
        var keys = scene.getAccelerators();
        keys.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), form::focusName);
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), table::focusSearch);
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> vms.table().retryCommand().execute());
        keys.put(new KeyCodeCombination(KeyCode.U, KeyCombination.SHORTCUT_DOWN), () -> vms.table().upgradeCommand().execute());
        keys.put(new KeyCodeCombination(KeyCode.F5), () -> {
            vms.table().refreshCommand().execute();
            vms.orders().refreshCommand().execute();
            if (podsTab.isSelected()) {
                vms.pods().refreshCommand().execute();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), () -> {
            table.showDetailsTab(ordersTab);
            vms.orders().placeOrderCommand().execute();
        });
        keys.put(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
            table.showDetailsTab(ordersTab);
            vms.orders().verifyCommand().execute();
        });
        keys.put(new KeyCodeCombination(KeyCode.DELETE), table::deleteSelected);
        keys.put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), toggleTheme);
        header.themeButton().setOnAction(e -> toggleTheme.run());
    }

    public ClusterHeader header() {
        return header;
    }

    /** The Orders tab under the store table. */
    public Tab ordersTab() {
        return ordersTab;
    }

    /** The Pods tab under the store table: the release's pods and their logs. */
    public Tab podsTab() {
        return podsTab;
    }

    public MainWindow window() {
        return window;
    }
}
