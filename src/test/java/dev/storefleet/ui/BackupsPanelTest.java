package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreStatus;
import java.util.List;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

/**
 * The Backups tab in the real main window (real services, Helm and fabric8 against the test
 * Kubernetes API): its table, buttons and progress are there by their node ids for a READY
 * store with no backups yet, and Back up and Clone to staging turn off once the store is suspended.
 */
class BackupsPanelTest extends ShownConsoleTest {

    @Test
    void theTabsControlsByTheirIdsAndBackUpOnlyForAReadyStore() {
        createThroughForm("Vault Shop", "val");
        awaitStatusShown("Vault Shop", StoreStatus.READY);
        assertFalse(shownInWindow("#backupsTab"), "no store selected, no details panel");
        select("Vault Shop");
        clickOn("#backupsTab");
        await("the empty list read", SETTLE, () -> shownInWindow("#backupsEmpty"));
        assertEquals("No backups yet: Back up takes one of this store's database and files.", text("#backupsEmpty"));
        for (String id : List.of("#backupsPanel", "#backupsTable", "#backupNowButton", "#restoreBackupButton",
                "#cloneButton", "#deleteBackupButton")) {
            assertTrue(shownInWindow(id), id + " is shown");
        }
        assertFalse(shownInWindow("#backupProgress"), "no job, no progress bar");
        assertFalse(shownInWindow("#cancelBackupButton"));
        assertEquals(List.of("Created", "Size", "Checks", "Reason", "Actor", "Parts"), onFx(() ->
                lookup("#backupsTable").queryTableView().getColumns().stream().map(c -> c.getText()).toList()));
        assertEquals("Back up", text("#backupNowButton"));
        assertFalse(disabled("#backupNowButton"), "a READY store can be backed up");
        assertFalse(disabled("#cloneButton"));
        assertTrue(disabled("#restoreBackupButton"), "no backup picked");
        assertTrue(disabled("#deleteBackupButton"), "no backup picked");

        long id = fx.app().stores().list().stream().filter(s -> s.name().equals("Vault Shop")).findFirst()
                .orElseThrow().id();
        fx.app().stores().suspend(id, "ui-tester");
        awaitStatusShown("Vault Shop", StoreStatus.SUSPENDED);
        await("Back up off for a suspended store", SETTLE, () -> disabled("#backupNowButton"));
        assertTrue(disabled("#cloneButton"), "a suspended store's database does not run");
    }

    private boolean disabled(String id) {
        return onFx(() -> lookup(id).<Node>query().isDisabled());
    }
}
