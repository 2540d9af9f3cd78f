package dev.storefleet.ui;

import dev.storefleet.ui.storeform.StoreFormView;
import dev.storefleet.ui.storetable.StoreDetailsPanel;
import dev.storefleet.ui.storetable.StoreTableView;
import dev.storefleet.viewmodel.storetable.StoreRow;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;

/**
 * The Stores page: the store table takes the page; the new-store form opens at its left (New
 * store, Ctrl+N) and the selected store's details at its right (a click on a row), each closed by
 * its ✕ or by Esc. The details panel's width is remembered.
 */
public final class StoresPage {
    static final String DETAILS_DIVIDER = "storesPage.detailsDivider";
    private static final double DEFAULT_DIVIDER = 0.6;

    private final BorderPane root = new BorderPane();
    private final SplitPane split = new SplitPane();
    private final StoreFormView form;
    private final StoreTableView table;
    private final StoreDetailsPanel details;
    private final ViewPreferences prefs;
    private final ReadOnlyBooleanWrapper formOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper detailsOpen = new ReadOnlyBooleanWrapper(false);

    public StoresPage(StoreFormView form, StoreTableView table, StoreDetailsPanel details,
            ObservableValue<StoreRow> selected, ViewPreferences prefs) {
        this.form = form;
        this.table = table;
        this.details = details;
        this.prefs = prefs;
        Button newStore = new Button("New store");
        newStore.setId("newStoreButton");
        newStore.getStyleClass().add("accent");
        newStore.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        newStore.setTooltip(new Tooltip("Create a store (Ctrl+N)"));
        newStore.setOnAction(e -> toggleForm());
        table.addToToolbarStart(newStore);
        form.closeButton().setOnAction(e -> closeForm());
        details.closeButton().setOnAction(e -> table.clearSelection());

        split.getItems().setAll(table.root());
        split.setId("storesSplit");
        root.setCenter(split);
        selected.addListener((o, was, row) -> showDetails(row != null));
    }

    private void toggleForm() {
        if (formOpen.get()) {
            closeForm();
        } else {
            openForm();
        }
    }

    /** Opens the new-store form (if it is not open) and puts the cursor in its name field. */
    public void openForm() {
        if (!formOpen.get()) {
            root.setLeft(form.root());
            formOpen.set(true);
        }
        form.focusName();
    }

    public void closeForm() {
        if (formOpen.get()) {
            root.setLeft(null);
            formOpen.set(false);
            table.focusTable();
        }
    }

    private void showDetails(boolean show) {
        if (show == detailsOpen.get()) {
            return;
        }
        if (show) {
            split.getItems().add(details.root());
            split.setDividerPositions(prefs.number(DETAILS_DIVIDER, DEFAULT_DIVIDER));
            split.getDividers().get(0).positionProperty().addListener((o, a, position) -> {
                if (detailsOpen.get()) {
                    prefs.put(DETAILS_DIVIDER, position.doubleValue());
                }
            });
        } else {
            split.getItems().remove(details.root());
        }
        detailsOpen.set(show);
    }

    /**
     * Esc: closes the form when it is open, else the details panel (letting the selection go).
     * @return whether it closed something
     */
    public boolean closeTopmost() {
        if (formOpen.get()) {
            closeForm();
            return true;
        }
        if (detailsOpen.get()) {
            table.clearSelection();
            table.focusTable();
            return true;
        }
        return false;
    }

    public ReadOnlyBooleanProperty formOpenProperty() {
        return formOpen.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty detailsOpenProperty() {
        return detailsOpen.getReadOnlyProperty();
    }

    public Node root() {
        return root;
    }
}
