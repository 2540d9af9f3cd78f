package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * The rollback dialog on the real window and real Helm records: picking a revision shows what
 * rolling back to it changes, secrets masked, and picking the current one says nothing changes.
 */
class RollbackDialogTest extends ShownConsoleTest {

    @Test
    void pickingARevisionShowsTheValuesThatChange() {
        createThroughForm("Rewind Shop", "alice");
        awaitStatusShown("Rewind Shop", StoreStatus.READY);
        Store store = fx.app().stores().list().get(0);
        fx.app().stores().upgrade(store.id(), Map.of("auth", Map.of("adminPassword", "hunter2-upgrade"),
                "woocommerce", Map.of("currency", "EUR")), "ops");
        await("revision 2 in the table", SETTLE, () -> cell("Rewind Shop", "Rev").equals("2")
                && cell("Rewind Shop", "Status").endsWith(StoreStatus.READY.label()));

        select("Rewind Shop");
        clickOn("#rollbackButton");
        await("the revision list", SETTLE, () -> lookup("#revisionTable").tryQuery().isPresent());
        assertEquals("Select a revision to see what rolling back to it changes.", placeholder());

        pick(0); // revision 1
        await("the values that change", SETTLE, () -> this.<ValuesDiff.Change>tableItems("#rollbackChanges").size() == 2,
                () -> "the placeholder reads '" + placeholder() + "'");
        List<ValuesDiff.Change> changes = tableItems("#rollbackChanges");
        assertEquals(new ValuesDiff.Change("auth.adminPassword", ValuesDiff.Kind.REMOVED, ValuesDiff.MASK, null),
                changes.get(0));
        assertEquals("Revision 2 → 1. 2 values change.", text("#rollbackSummary"));
        assertFalse(changes.toString().contains("hunter2"));

        pick(1); // revision 2, the current one
        await("no value changes", SETTLE, () -> placeholder().endsWith("No value changes; only the chart/revision."),
                () -> "the placeholder reads '" + placeholder() + "'");

        clickOn(onFx(() -> lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.CANCEL)));
        await("the dialog to close", SETTLE, () -> lookup("#revisionTable").tryQuery().isEmpty());

        clickOn("#rollbackButton"); // a new opening starts afresh: nothing of the last one is kept
        await("the revision list again", SETTLE, () -> lookup("#revisionTable").tryQuery().isPresent());
        assertEquals("Select a revision to see what rolling back to it changes.", placeholder());
        assertNull(onFx(() -> lookup("#revisionTable").queryAs(TableView.class).getSelectionModel().getSelectedItem()));
        assertTrue(this.<ValuesDiff.Change>tableItems("#rollbackChanges").isEmpty());
        clickOn(onFx(() -> lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.CANCEL)));
        await("the dialog to close again", SETTLE, () -> lookup("#revisionTable").tryQuery().isEmpty());
    }

    private void pick(int index) {
        interact(() -> lookup("#revisionTable").queryAs(TableView.class).getSelectionModel().select(index));
    }

    private String placeholder() {
        return text("#rollbackPlaceholder");
    }
}
