package dev.storefleet.ui;

import dev.storefleet.ui.activity.ActivityFeedView;
import dev.storefleet.ui.backups.BackupsPanel;
import dev.storefleet.ui.header.ClusterHeader;
import dev.storefleet.ui.metrics.MetricsPanel;
import dev.storefleet.ui.orders.OrdersPanel;
import dev.storefleet.ui.pods.PodsPanel;
import dev.storefleet.ui.rollout.RolloutsPage;
import dev.storefleet.ui.storeform.StoreFormView;
import dev.storefleet.ui.storetable.StoreDetailsPanel;
import dev.storefleet.ui.storetable.StoreTableView;
import dev.storefleet.viewmodel.ConsoleViewModels;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every view of the console over its view-models, in the main window, with the keyboard
 * shortcuts. Built the same way by the app and by the UI tests.
 */
public final class ConsoleView {
    private final ConsoleViewModels vms;
    private final ClusterHeader header;
    private final StoreTableView table;
    private final StoreDetailsPanel details;
    private final StoresPage storesPage;
    private final Navigation navigation = new Navigation();
    private final Tab ordersTab;
    private final Tab podsTab;
    private final Tab backupsTab;
    private final MainWindow window = new MainWindow();
    private final DialogService dialogs;

    /** A console whose choices (sort, filters, columns, panel widths) last while it runs. */
    public ConsoleView(ConsoleViewModels vms, Consumer<String> openUrl) {
        this(vms, ViewPreferences.inMemory(), openUrl);
    }

    public ConsoleView(ConsoleViewModels vms, ViewPreferences prefs, Consumer<String> openUrl) {
        this.vms = vms;
        this.dialogs = new DialogService(() -> window.root().getScene() == null ? null
                : window.root().getScene().getWindow());
        this.header = new ClusterHeader(vms.cluster());
        StoreFormView form = new StoreFormView(vms.form());
        this.table = new StoreTableView(vms.table(), dialogs, prefs, openUrl);
        this.details = new StoreDetailsPanel(vms.table(), table);
        this.ordersTab = details.addTab("Orders", "ordersTab", new OrdersPanel(vms.orders()).root());
        PodsPanel pods = new PodsPanel(vms.pods());
        this.podsTab = details.addTab("Pods", "podsTab", pods.root());
        BackupsPanel backups = new BackupsPanel(vms.backups(), dialogs);
        this.backupsTab = details.addTab("Backups", "backupsTab", backups.root());
        this.storesPage = new StoresPage(form, table, details, vms.table().selectedProperty(), prefs);
        pods.showWhile(details.showing(podsTab, storesPage.detailsOpenProperty()));
        backups.showWhile(details.showing(backupsTab, storesPage.detailsOpenProperty()));

        RolloutsPage rollouts = new RolloutsPage(vms.rollouts(), dialogs);
        // One page per idea; a page more (backups) is one line here.
        navigation.add("stores", "Stores", "The stores, their details, orders and pods", storesPage.root())
                .add("activity", "Activity", "The audit log: who did what, when", new ActivityFeedView(vms.activity()).root())
                .add("metrics", "Metrics", "Counters and charts of the fleet", new MetricsPanel(vms.metrics()).root())
                .add("rollouts", "Rollouts", "Upgrade many stores in waves, each gated on a test order", rollouts.root());
        rollouts.showWhile(navigation.currentProperty().isEqualTo("rollouts"));
        window.assemble(header, navigation, vms.table().errorProperty(), vms.cluster().problemProperty());
    }

    /**
     * Ctrl+N new store, Ctrl+F search, Ctrl+R retry, Ctrl+U upgrade, F5 refresh (stores, and the
     * selected store's orders, and its pods or backups when their tab is in front), Ctrl+O place a test
     * order, Ctrl+Shift+V verify, Ctrl+Shift+P the Pods tab, Ctrl+Shift+B the Backups tab, Delete,
     * Esc close the form or the details, Ctrl+1… pages, Ctrl+T theme.
     */
    public void installShortcuts(Scene scene, Runnable toggleTheme) {
        var keys = scene.getAccelerators();
        keys.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            navigation.show("stores");
            storesPage.openForm();
        });
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            navigation.show("stores");
            table.focusSearch();
        });
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> vms.table().retryCommand().execute());
        keys.put(new KeyCodeCombination(KeyCode.U, KeyCombination.SHORTCUT_DOWN), table::upgradeSelected);
        keys.put(new KeyCodeCombination(KeyCode.F5), () -> {
            vms.table().refreshCommand().execute();
            vms.orders().refreshCommand().execute();
            if (podsTab.isSelected()) {
                vms.pods().refreshCommand().execute();
            }
            if (backupsTab.isSelected()) {
                vms.backups().refreshCommand().execute();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), () -> {
            details.showTab(ordersTab);
            vms.orders().placeOrderCommand().execute();
        });
        keys.put(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
            details.showTab(ordersTab);
            vms.orders().verifyCommand().execute();
        });
        keys.put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> details.showTab(podsTab));
        keys.put(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> details.showTab(backupsTab));
        keys.put(new KeyCodeCombination(KeyCode.DELETE), table::deleteSelected);
        keys.put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), toggleTheme);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
                KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        for (int i = 0; i < Math.min(digits.length, navigation.size()); i++) {
            int page = i;
            keys.put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> navigation.showNth(page));
        }
        // Esc on its way down, before a focused field or the table takes it: the stores page closes
        // the form or the details; an open popup (a picker's list) still gets it first, being a window of its own.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && "stores".equals(navigation.currentProperty().get())
                    && storesPage.closeTopmost()) {
                e.consume();
            }
        });
        header.themeButton().setOnAction(e -> toggleTheme.run());
    }

    public ClusterHeader header() {
        return header;
    }

    /** The Orders tab of the details panel. */
    public Tab ordersTab() {
        return ordersTab;
    }

    /** The Pods tab of the details panel: the release's pods and their logs. */
    public Tab podsTab() {
        return podsTab;
    }

    /** The Backups tab of the details panel: the store's backups, restores and clones. */
    public Tab backupsTab() {
        return backupsTab;
    }

    public Navigation navigation() {
        return navigation;
    }

    public StoresPage storesPage() {
        return storesPage;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    public MainWindow window() {
        return window;
    }
}
