package dev.storefleet.ui.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.DialogService.Confirmation;
import dev.storefleet.viewmodel.storetable.RollbackDialogViewModel;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.List;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * What the store table's toolbar and the details panel ask before they act, through the dialog
 * service: delete (or remove a drifted store from the console), roll back, copy the admin login.
 */
final class StoreActions {
    private final StoreTableViewModel vm;
    private final DialogService dialogs;

    StoreActions(StoreTableViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    /**
     * Delete (the toolbar's button, the Delete key): with several stores selected, one
     * confirmation that lists them all, then the bulk delete; with one, the single store's words.
     */
    void confirmDeleteSelection() {
        List<String> names = vm.selectedNames();
        if (names.size() <= 1) {
            confirmDelete();
            return;
        }
        if (!vm.deleteSelectedCommand().executableProperty().get()) {
            return;
        }
        if (dialogs.confirm(new Confirmation("Delete stores", "Delete " + names.size() + " stores",
                "Delete these " + names.size() + " stores? The Helm release and namespace of each are removed from"
                        + " the cluster, with its data volumes. A store that may not be deleted now is left as it is"
                        + " and said so.", names, "Delete " + names.size() + " stores", true))) {
            vm.deleteSelectedCommand().execute();
        }
    }

    /** Verify… of the toolbar: one confirmation listing the stores, then a test order in each. */
    void confirmVerifySelection() {
        List<String> names = vm.selectedNames();
        if (!vm.verifySelectedCommand().executableProperty().get()) {
            return;
        }
        if (dialogs.confirm(new Confirmation("Verify stores", "Verify " + stores(names.size()),
                "Place a test order in each of these stores and look for it in its order list? Each check is"
                        + " recorded on its store; a store that is not ready is left out and said so.",
                names, "Verify " + stores(names.size()), false))) {
            vm.verifySelectedCommand().execute();
        }
    }

    /** Retry… of the toolbar: one confirmation listing the stores, then each failed one provisioned again. */
    void confirmRetrySelection() {
        List<String> names = vm.selectedNames();
        if (!vm.retrySelectedCommand().executableProperty().get()) {
            return;
        }
        if (dialogs.confirm(new Confirmation("Retry stores", "Retry " + stores(names.size()),
                "Provision these stores again? Only failed ones are retried; the others are left as they are"
                        + " and said so.", names, "Retry " + stores(names.size()), false))) {
            vm.retrySelectedCommand().execute();
        }
    }

    /** Upgrade… of the toolbar: the stores and what the upgrade changes, then the bulk upgrade. */
    void confirmUpgradeSelection() {
        if (!vm.upgradeSelectedCommand().executableProperty().get()) {
            return;
        }
        if (new UpgradeDialog(vm.upgradeDialog(true)).show(dialogs)) {
            vm.upgradeSelectedCommand().execute();
        }
    }

    /** Upgrade of the details (and Ctrl+U): what upgrading the lead store changes, then the upgrade. */
    void confirmUpgrade() {
        if (vm.selectedProperty().get() == null || !vm.upgradeCommand().executableProperty().get()) {
            return;
        }
        if (new UpgradeDialog(vm.upgradeDialog(false)).show(dialogs)) {
            vm.upgradeCommand().execute();
        }
    }

    private static String stores(int n) {
        return n == 1 ? "1 store" : n + " stores";
    }

    /** Asks before deleting the lead store; the words say what goes with it. */
    void confirmDelete() {
        StoreRow row = vm.selectedProperty().get();
        if (row == null || !vm.deleteCommand().executableProperty().get()) {
            return;
        }
        if (dialogs.confirm(deleteQuestion(row))) {
            vm.deleteCommand().execute();
        }
    }

    static Confirmation deleteQuestion(StoreRow row) {
        Store s = row.store();
        boolean drift = row.health() != null && row.health().isDrift();
        String text = drift
                ? "Remove store '" + s.name() + "' from the console? Its namespace or release was already removed"
                        + " outside the console (" + row.health().reason() + "); whatever is left of release "
                        + s.releaseName() + " in namespace " + s.namespace() + " is removed too."
                : "Delete store '" + s.name() + "'? Helm release " + s.releaseName() + " and namespace "
                        + s.namespace() + " are removed from the cluster, with the store's data volumes.";
        return new Confirmation(drift ? "Remove store" : "Delete store", (drift ? "Remove " : "Delete ") + s.name(),
                text, List.of(), drift ? "Remove" : "Delete", true);
    }

    /** Reads the release history in the background, then opens the rollback dialog on it. */
    void pickRollback() {
        if (vm.selectedProperty().get() == null) {
            return;
        }
        RollbackDialogViewModel dialogVm = vm.rollbackDialog(); // its own state, per opening
        dialogVm.loadHistory().thenAccept(revisions -> dialogs.later(() -> new RollbackDialog(dialogVm).show(dialogs)));
    }

    void copyCredentials() {
        vm.adminCredentials().thenAccept(c -> dialogs.later(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(c.password());
            Clipboard.getSystemClipboard().setContent(content);
            dialogs.inform("Admin login copied", "Log in at " + c.loginUrl() + " as " + c.user()
                    + ".\nThe password is on the clipboard (this read was recorded in the activity log).");
        }));
    }
}
