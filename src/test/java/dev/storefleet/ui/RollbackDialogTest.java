package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.viewmodel.preview.DiffLine;
import java.util.List;
import java.util.Map;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
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
        // The manifest part: the objects rolling back changes, a diff per changed object, Secret data masked.
        await("the objects that change", SETTLE, () -> !objects().isEmpty(),
                () -> "the preview reads '" + text(".dialog-pane #previewSummary") + "'");
        List<ManifestDiff.ObjectChange> objects = objects();
        // The currency reaches only the setup hook, which is no object of the release; the password is in its Secret.
        assertEquals(List.of("Secret/store-rewind-shop-woocommerce-auth CHANGED"),
                objects.stream().map(o -> o.kind() + "/" + o.name() + " " + o.change()).toList());
        List<DiffLine> diff = onFx(() -> {
            @SuppressWarnings("unchecked")
            ListView<DiffLine> lines = lookup(".dialog-pane #previewDiff").queryAs(ListView.class);
            return List.copyOf(lines.getItems());
        });
        assertTrue(diff.stream().anyMatch(l -> l.kind() == DiffLine.Kind.ADDED && l.text().contains("admin-password")
                && l.text().contains(ValuesDiff.MASK)), "the picked object's diff, Secret data masked: " + diff);
        assertFalse(diff.toString().contains("hunter2"), diff.toString());

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

    private List<ManifestDiff.ObjectChange> objects() {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            ListView<ManifestDiff.ObjectChange> list = lookup(".dialog-pane #previewObjects").queryAs(ListView.class);
            return List.copyOf(list.getItems());
        });
    }

    private String placeholder() {
        return text("#rollbackPlaceholder");
    }
}
