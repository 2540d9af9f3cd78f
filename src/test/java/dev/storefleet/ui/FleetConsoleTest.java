package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.rollout.RolloutEntryRow;
import java.util.List;
import dev.storefleet.persistence.Database;
import dev.storefleet.viewmodel.preview.DiffLine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 in the real window over the test cluster and the real Helm: bulk verify and upgrade of
 * the selection with one confirmation and one summary, the chart columns and the outdated filter,
 * the upgrade's preview, and the Rollouts page (a plan's field error in place, a rollout started
 * and listed with its waves).
 */
class FleetConsoleTest extends ShownConsoleTest {

    @Test
    void bulkVerifyAndUpgradeOfTheSelectionAskOnceAndSummarisePerStore() {
        readyStores("Alpha Shop", "Beta Shop");
        clickOn("#selectAllButton");
        await("both stores selected", SETTLE, () -> text("#selectionCount").equals("2 selected"));

        clickOn("#verifySelectedButton");
        await("the confirmation listing the stores", SETTLE, () -> lookup("#confirmItems").tryQuery().isPresent());
        assertEquals(List.of("Alpha Shop", "Beta Shop"), confirmItems());
        confirm();
        await("the verification summary", SETTLE, () -> text("#bulkResult").startsWith("Verified 2 stores"),
                () -> "it reads '" + text("#bulkResult") + "'");
        assertEquals("Verified 2 stores; 'Alpha Shop' passed; 'Beta Shop' passed", text("#bulkResult"));

        clickOn("#upgradeSelectedButton");
        await("the upgrade confirmation", SETTLE, () -> lookup("#upgradeDialog").tryQuery().isPresent());
        assertEquals("Upgrade these 2 stores to the bundled chart?",
                onFx(() -> lookup("#upgradeDialog").queryAs(DialogPane.class).getHeaderText()), "selection " + text("#selectionCount"));
        assertEquals(List.of("Alpha Shop", "Beta Shop"), confirmItems());
        await("the preview read (or why not)", SETTLE, () -> !previewLoading()
                && (!previewError().isEmpty() || !text("#upgradeDialog #previewCharts").isBlank()),
                () -> "summary '" + text("#upgradeDialog #previewSummary") + "', error '" + previewError() + "'");
        assertFalse(previewError().contains("\tat "), "words, not a stack trace: " + previewError());
        clickOn(dialogButton(ButtonBar.ButtonData.OK_DONE));
        await("the upgrade summary", SETTLE, () -> text("#bulkResult").equals("Upgrading 2 stores"),
                () -> "it reads '" + text("#bulkResult") + "'");
        await("both at revision 2", SETTLE, () -> cell("Alpha Shop", "Rev").equals("2") && cell("Beta Shop", "Rev").equals("2")
                && cell("Alpha Shop", "Status").endsWith(StoreStatus.READY.label())
                && cell("Beta Shop", "Status").endsWith(StoreStatus.READY.label()));
    }

    @Test
    void theChartColumnsAndTheOutdatedFilter() throws Exception {
        readyStores("Chart Shop", "Old Shop");
        await("the deployed chart shown", SETTLE, () -> cell("Chart Shop", "Chart").equals("woocommerce-0.1.0"),
                () -> "it reads '" + cell("Chart Shop", "Chart") + "'");
        assertFalse(cell("Chart Shop", "App version").isEmpty());
        // Old Shop as an older console left it: deployed from an older chart.
        try (Connection c = DriverManager.getConnection(Database.jdbcUrl(dir.resolve("data")), "storefleet", "");
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE store SET chart = 'woocommerce-0.0.9', app_version = '6.7.0' WHERE name = 'Old Shop'");
        }
        type(KeyCode.F5);
        await("Old Shop marked outdated", SETTLE, () -> cell("Old Shop", "Chart").equals("woocommerce-0.0.9  ↑"),
                () -> "it reads '" + cell("Old Shop", "Chart") + "'");
        assertEquals("6.7.0", cell("Old Shop", "App version"));
        clickOn("#outdatedFilter");
        await("the filter to keep only Old Shop", SETTLE, () -> row("Chart Shop").isEmpty() && row("Old Shop").isPresent());
        clickOn("#outdatedFilter");
        await("both back", SETTLE, () -> row("Chart Shop").isPresent());
    }

    @Test
    void theRolloutsPageShowsAPlansErrorInPlaceAndARolloutStarted() {
        readyStores("Wave One", "Wave Two");
        fx.app().startWatching(); // as the app does after reconciliation: the fleet watch and the rollouts' driver
        clickOn("#selectAllButton");
        clickOn("#navRollouts");
        await("the Rollouts page", SETTLE, () -> shownInWindow("#planForm"));
        interact(() -> lookup("#planWavesField").queryAs(TextField.class).setText("25, 90"));
        clickOn("#startRolloutButton");
        await("the waves' error under the field", SETTLE, () -> shownInWindow("#planWavesError"));
        assertEquals("The last wave is 100: every store is upgraded by the end.", text("#planWavesError"));
        assertTrue(lookup(".dialog-pane").tryQuery().isEmpty(), "nothing is confirmed while a field is wrong");

        interact(() -> {
            lookup("#planWavesField").queryAs(TextField.class).setText("100");
            lookup("#planValues").queryAs(TextArea.class).setText("wordpress.resources.requests.cpu=150m");
        });
        clickOn("#previewPlanButton");
        await("the plan's waves", SETTLE, () -> this.<Object>tableItems("#plannedWaves").size() == 2,
                () -> "the summary reads '" + text("#planSummary") + "'");
        assertEquals("2 stores in 2 waves (canary: 1, wave 1: 1).", text("#planSummary"));
        await("what the upgrade changes in the first store", SETTLE,
                () -> !this.<Object>listItems("#rolloutsPanel #previewObjects").isEmpty(),
                () -> "the preview reads '" + text("#rolloutsPanel #previewSummary") + "'");
        assertEquals("1 value changes; objects: 0 added, 0 removed, 1 changed.", text("#rolloutsPanel #previewSummary"));
        List<DiffLine> diff = listItems("#rolloutsPanel #previewDiff");
        assertTrue(diff.stream().anyMatch(l -> l.kind() == DiffLine.Kind.ADDED && l.text().contains("150m")), diff.toString());
        assertFalse(shownInWindow("#planWavesError"), "fixed: the error is gone");

        clickOn("#startRolloutButton");
        await("the start confirmation", SETTLE, () -> lookup("#confirmItems").tryQuery().isPresent());
        assertEquals(List.of("Canary: Wave One", "Wave 1: Wave Two"), confirmItems());
        confirm();
        await("the rollout listed with its stores by wave", SETTLE,
                () -> this.<RolloutEntryRow>tableItems("#rolloutEntries").size() == 2,
                () -> "error '" + text("#rolloutError") + "'");
        List<RolloutEntryRow> entries = tableItems("#rolloutEntries");
        assertEquals(List.of("Canary", "Wave 1"), entries.stream().map(RolloutEntryRow::wave).toList());
        assertEquals(List.of("Wave One", "Wave Two"), entries.stream().map(RolloutEntryRow::store).toList());
        await("the rollout to pass, shown live", SETTLE, () -> text("#rolloutProgress").matches("(?s)Rollout #\\d+ passed.*"),
                () -> "progress reads '" + text("#rolloutProgress") + "'");
        assertTrue(text("#rolloutProgress").contains("Canary: 1 passed · Wave 1: 1 passed"), text("#rolloutProgress"));
        await("both stores upgraded", SETTLE, () -> fx.app().stores().list().stream().allMatch(s -> s.helmRevision() == 2));
    }

    /** Creates the stores through the service (the form has its own tests) and waits until the table shows them READY. */
    private void readyStores(String... names) {
        int owner = 0;
        for (String name : names) {
            fx.app().stores().create(new NewStoreRequest(name, "owner" + owner++, null, null), "tester");
        }
        for (String name : names) {
            awaitStatusShown(name, StoreStatus.READY);
        }
    }

    private List<String> confirmItems() {
        return listItems("#confirmItems");
    }

    /** The items of the list view {@code query} finds, top to bottom. */
    private <T> List<T> listItems(String query) {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            ListView<T> items = lookup(query).queryAs(ListView.class);
            return List.copyOf(items.getItems());
        });
    }

    /** The preview's error, shown in the object list's place ("" when there is none). */
    private String previewError() {
        return onFx(() -> lookup("#upgradeDialog #previewError").tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    private boolean previewLoading() {
        return shownInWindow("#upgradeDialog #previewProgress");
    }

    private Node dialogButton(ButtonBar.ButtonData data) {
        return onFx(() -> {
            DialogPane pane = lookup(".dialog-pane").queryAs(DialogPane.class);
            ButtonType type = pane.getButtonTypes().stream().filter(b -> b.getButtonData() == data).findFirst().orElseThrow();
            return pane.lookupButton(type);
        });
    }

    private String placeholder() {
        return onFx(() -> ((Label) lookup("#storeTable").queryAs(TableView.class).getPlaceholder()).getText());
    }
}
