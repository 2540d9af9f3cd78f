package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.ui.storetable.StoreTableView;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * The Console 2 layout on the real window: the details panel opens on a selection and Esc closes
 * it; the new-store form opens with Ctrl+N and refuses in words as one types; the metrics page is
 * a dashboard that fits a 1366×768 screen; the table shows enough rows there; the table's sort,
 * filter and columns come back in a table built later on the same preferences.
 */
class ConsoleLayoutTest extends ShownConsoleTest {

    @Test
    void aSelectionOpensTheDetailsPanelAndEscClosesIt() {
        createThroughForm("Panel Shop", "paula");
        awaitStatusShown("Panel Shop", StoreStatus.READY);
        press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        await("Esc to close the form first", SETTLE, () -> lookup("#storeNameField").tryQuery().isEmpty());
        assertFalse(shownInWindow("#detailsPanel"), "nothing selected, no details");

        select("Panel Shop");
        await("the details panel", SETTLE, () -> shownInWindow("#detailsPanel"));
        assertEquals("Panel Shop", text("#detailsHeading"));
        assertTrue(text("#detailsSubheading").startsWith("store-panel-shop · ready"), text("#detailsSubheading"));
        assertTrue(shownInWindow("#retryButton") && shownInWindow("#detailsTabs"));

        press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        await("Esc to close the details panel", SETTLE, () -> !shownInWindow("#detailsPanel"));
        assertNull(onFx(() -> fx.vms().table().selectedProperty().get()), "the selection is let go with it");

        select("Panel Shop");
        await("the details panel again", SETTLE, () -> shownInWindow("#detailsPanel"));
        clickOn("#closeDetailsButton");
        await("✕ to close it", SETTLE, () -> !shownInWindow("#detailsPanel"));
    }

    @Test
    void ctrlNOpensTheNewStoreFormWhoseRefusalsAreInWords() {
        assertTrue(lookup("#storeNameField").tryQuery().isEmpty(), "the form is closed at first");
        clickOn("#navMetrics");
        press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        await("Ctrl+N to open the form on the Stores page", SETTLE, () -> shownInWindow("#storeNameField")
                && shownInWindow("#storeTable"));
        assertTrue(onFx(() -> lookup("#storeNameField").query().isFocused()), "the cursor is in the name field");

        write("!!");
        await("the name refused as it is typed", SETTLE, () -> shownInWindow("#nameError"));
        String nameError = text("#nameError");
        assertTrue(nameError.length() > 20 && nameError.chars().anyMatch(Character::isLetter), nameError);
        clickOn("#ownerField").write("x");
        push(KeyCode.BACK_SPACE);
        await("an emptied owner refused as it is typed", SETTLE, () -> shownInWindow("#ownerError"));
        assertTrue(text("#ownerError").startsWith("Owner"), text("#ownerError"));
        assertTrue(onFx(() -> lookup("#createStoreButton").queryAs(Button.class).isDisabled()),
                "Create stays off while the input is invalid");

        interact(() -> {
            lookup("#storeNameField").queryAs(TextField.class).setText("Word Shop");
            lookup("#ownerField").queryAs(TextField.class).setText("wendy");
        });
        await("the refusals gone once the input is valid", SETTLE,
                () -> !shownInWindow("#nameError") && !shownInWindow("#ownerError"));
        assertEquals("Namespace and release: store-word-shop", text("#namespacePreview"));

        press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        await("Esc to close the form", SETTLE, () -> lookup("#storeNameField").tryQuery().isEmpty());
    }

    @Test
    void theMetricsDashboardFitsALaptopScreenAndTheTableShowsFifteenRows() {
        resize(1366, 728); // a 1366×768 screen less its task bar: the window's content
        clickOn("#navMetrics");
        await("the dashboard laid out", SETTLE, () -> onFx(() -> lookup("#metricsPanel").query()
                .getLayoutBounds().getWidth() > 1000));
        ScrollPane panel = lookup("#metricsPanel").queryAs(ScrollPane.class);
        Bounds viewport = onFx(() -> panel.localToScene(panel.getLayoutBounds()));
        for (String id : List.of("#activeStores", "#provisioningCount", "#failureCount", "#upgradeCount",
                "#rollbackCount", "#retryCount", "#ordersPlaced", "#degradedStores", "#goneStores",
                "#storesByStatusChart", "#provisioningOutcomesChart", "#timeToReadyChart", "#readyP90")) {
            Bounds shown = onFx(() -> {
                Node node = lookup(id).query();
                return node.localToScene(node.getLayoutBounds());
            });
            assertTrue(viewport.contains(shown), id + " at " + shown + " is inside the page " + viewport
                    + " without scrolling");
        }
        assertEquals(0.0, onFx(panel::getVvalue), "nothing scrolled");

        clickOn("#navStores");
        @SuppressWarnings("unchecked")
        TableView<StoreRow> table = lookup("#storeTable").queryAs(TableView.class);
        await("the table laid out", SETTLE, () -> onFx(() -> table.getHeight() > 0));
        double rows = onFx(() -> {
            Node header = table.lookup(".column-header-background");
            return (table.getHeight() - header.getLayoutBounds().getHeight()) / table.getFixedCellSize();
        });
        assertTrue(rows >= 15, "the table has room for " + rows + " rows at 1366×728");
    }

    @Test
    void theSortFiltersAndColumnsChosenComeBackInATableBuiltLater() {
        ViewPreferences prefs = ViewPreferences.inMemory();
        StoreTableView first = onFx(() -> new StoreTableView(fx.vms().table(), fx.view().dialogs(), prefs, url -> { }));
        interact(() -> {
            TableView<StoreRow> table = first.table();
            column(table, "urlColumn").setVisible(false); // what the column chooser's check box does
            TableColumn<StoreRow, ?> owner = column(table, "ownerColumn");
            owner.setSortType(TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(List.of(owner));
            fx.vms().table().statusFilterProperty().set(StoreStatus.FAILED);
        });
        // What the next start reads back from the file, while this run's filter is changed again.
        ViewPreferences nextStart = ViewPreferences.inMemory();
        for (String key : List.of("storeTable.sort", "storeTable.hiddenColumns", "storeTable.statusFilter",
                "storeTable.healthFilter")) {
            nextStart.put(key, prefs.text(key, ""));
        }
        interact(() -> fx.vms().table().statusFilterProperty().set(null));

        StoreTableView later = onFx(() -> new StoreTableView(fx.vms().table(), fx.view().dialogs(), nextStart,
                url -> { }));
        onFx(() -> {
            TableView<StoreRow> table = later.table();
            assertFalse(column(table, "urlColumn").isVisible(), "the hidden column stays hidden");
            assertTrue(column(table, "nameColumn").isVisible());
            assertEquals(List.of(column(table, "ownerColumn")), List.copyOf(table.getSortOrder()));
            assertEquals(TableColumn.SortType.DESCENDING, column(table, "ownerColumn").getSortType());
            return null;
        });
        assertEquals(StoreStatus.FAILED, onFx(() -> fx.vms().table().statusFilterProperty().get()),
                "the status filter chosen is applied again");
        assertNull(onFx(() -> fx.vms().table().healthFilterProperty().get()));
    }

    @Test
    void severalStoresSelectedAreDeletedAfterOneConfirmationThatListsThem() {
        for (String[] store : List.of(new String[] {"Keep Shop", "kim"}, new String[] {"Drop One", "dan"},
                new String[] {"Drop Two", "dan"})) {
            createThroughForm(store[0], store[1]);
            awaitStatusShown(store[0], StoreStatus.READY);
        }
        select("Drop One");
        press(KeyCode.CONTROL);
        clickOn(row("Drop Two").orElseThrow());
        release(KeyCode.CONTROL);
        await("two stores selected", SETTLE, () -> text("#selectionCount").equals("2 selected"));
        assertEquals(List.of("Drop One", "Drop Two"), onFx(() -> fx.vms().table().selectedNames()));
        assertEquals("Drop Two", text("#detailsHeading"), "the row clicked last is the one the details show");

        select("Drop Two"); // a plain click: only that row
        press(KeyCode.CONTROL);
        clickOn(row("Drop One").orElseThrow());
        release(KeyCode.CONTROL);
        await("two stores selected again", SETTLE, () -> text("#selectionCount").equals("2 selected"));
        push(KeyCode.DELETE);
        await("one confirmation", SETTLE, () -> lookup("#confirmItems").tryQuery().isPresent());
        assertEquals(1, onFx(() -> lookup(".dialog-pane").queryAll().size()), "one dialog for both");
        assertEquals(List.of("Drop Two", "Drop One"), onFx(() -> List.copyOf(lookup("#confirmItems")
                .queryAs(javafx.scene.control.ListView.class).getItems())), "it lists the stores, in the order picked");
        assertTrue(onFx(() -> lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText())
                .equals("Delete 2 stores"));
        confirm();

        await("both to leave the table", SETTLE, () -> row("Drop One").isEmpty() && row("Drop Two").isEmpty());
        await("the result in words", SETTLE, () -> !text("#bulkResult").isEmpty());
        assertTrue(row("Keep Shop").isPresent(), "the store not selected stays");
        assertEquals(List.of("Keep Shop"), fx.app().stores().list().stream().map(s -> s.name()).toList());

        clickOn("#selectAllButton");
        await("select all to take every store the filter shows", SETTLE,
                () -> onFx(() -> fx.vms().table().selectedNames()).equals(List.of("Keep Shop"))
                        && onFx(() -> lookup("#storeTable").queryAs(TableView.class).getSelectionModel()
                                .getSelectedItems().size()) == 1);
    }

    @Test
    void aConsoleThatCannotBeBuiltSaysSoInWordsInsteadOfOpeningForEver() {
        MainWindow starting = onFx(() -> MainWindow.starting("Opening the local database…"));
        MainWindow built = onFx(() -> {
            Scene scene = new Scene(starting.root(), 600, 400);
            return starting.replaceBy(scene, () -> {
                throw new IllegalStateException("the activity view needs a page size above 0");
            }, "/data/logs/storefleet.log");
        });
        assertNull(built);
        String banner = onFx(() -> ((javafx.scene.control.Label) starting.root().lookup("#errorBanner")).getText());
        assertEquals("The console window could not be built: the activity view needs a page size above 0. The stores"
                + " and the cluster were not touched. Close the console and start it again; if this comes back, the"
                + " details are in /data/logs/storefleet.log (send them with the report).", banner);
        assertEquals("The console cannot work until this is fixed.", onFx(() ->
                ((javafx.scene.control.Label) starting.root().lookup("#startingMessage")).getText()));
    }

    private static TableColumn<StoreRow, ?> column(TableView<StoreRow> table, String id) {
        return table.getColumns().stream().filter(c -> id.equals(c.getId())).findFirst().orElseThrow();
    }

    private void resize(double width, double height) {
        interact(() -> {
            Stage stage = (Stage) lookup("#storeTable").query().getScene().getWindow();
            Scene scene = stage.getScene();
            stage.setWidth(width + stage.getWidth() - scene.getWidth());
            stage.setHeight(height + stage.getHeight() - scene.getHeight());
        });
    }
}
