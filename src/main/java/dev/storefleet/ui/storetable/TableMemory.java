package dev.storefleet.ui.storetable;

import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.ui.ViewPreferences;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Remembers how the operator left the store table: its sort (columns and directions), the
 * columns hidden with the column chooser, and the status and health filters (not the search: a
 * word typed once is not a view to come back to). Restored when the table is built, written to
 * the preferences on every change (the app saves them when the window closes).
 */
final class TableMemory {
    static final String SORT = "storeTable.sort";
    static final String HIDDEN = "storeTable.hiddenColumns";
    static final String STATUS = "storeTable.statusFilter";
    static final String HEALTH = "storeTable.healthFilter";
    static final String OUTDATED = "storeTable.outdatedOnly";

    private TableMemory() {
    }

    static void restoreAndFollow(TableView<StoreRow> table, StoreTableViewModel vm, ViewPreferences prefs) {
        restore(table, vm, prefs);
        table.getSortOrder().addListener((ListChangeListener<TableColumn<StoreRow, ?>>) c -> saveSort(table, prefs));
        for (TableColumn<StoreRow, ?> column : table.getColumns()) {
            column.sortTypeProperty().addListener((o, a, b) -> saveSort(table, prefs));
            column.visibleProperty().addListener((o, a, b) -> saveHidden(table, prefs));
        }
        InvalidationListener filters = (Observable o) -> {
            prefs.put(STATUS, vm.statusFilterProperty().get() == null ? "" : vm.statusFilterProperty().get().name());
            prefs.put(HEALTH, vm.healthFilterProperty().get() == null ? "" : vm.healthFilterProperty().get().name());
            prefs.put(OUTDATED, String.valueOf(vm.outdatedOnlyProperty().get()));
        };
        vm.outdatedOnlyProperty().addListener(filters);
        vm.statusFilterProperty().addListener(filters);
        vm.healthFilterProperty().addListener(filters);
    }

    private static void restore(TableView<StoreRow> table, StoreTableViewModel vm, ViewPreferences prefs) {
        List<String> hidden = Arrays.asList(prefs.text(HIDDEN, "").split(","));
        for (TableColumn<StoreRow, ?> column : table.getColumns()) {
            column.setVisible(!hidden.contains(column.getId()));
        }
        List<TableColumn<StoreRow, ?>> order = new ArrayList<>();
        for (String entry : prefs.text(SORT, "").split(",")) {
            String[] idAndType = entry.split(":");
            if (idAndType.length != 2) {
                continue;
            }
            table.getColumns().stream().filter(c -> idAndType[0].equals(c.getId()) && c.isSortable()).findFirst()
                    .ifPresent(column -> {
                        column.setSortType("DESCENDING".equals(idAndType[1]) ? TableColumn.SortType.DESCENDING
                                : TableColumn.SortType.ASCENDING);
                        order.add(column);
                    });
        }
        table.getSortOrder().setAll(order);
        vm.statusFilterProperty().set(valueOf(StoreStatus.class, prefs.text(STATUS, "")));
        vm.healthFilterProperty().set(valueOf(StoreHealth.State.class, prefs.text(HEALTH, "")));
        vm.outdatedOnlyProperty().set(Boolean.parseBoolean(prefs.text(OUTDATED, "false")));
    }

    private static void saveSort(TableView<StoreRow> table, ViewPreferences prefs) {
        prefs.put(SORT, table.getSortOrder().stream().map(c -> c.getId() + ":" + c.getSortType())
                .collect(Collectors.joining(",")));
    }

    private static void saveHidden(TableView<StoreRow> table, ViewPreferences prefs) {
        prefs.put(HIDDEN, table.getColumns().stream().filter(c -> !c.isVisible()).map(TableColumn::getId)
                .collect(Collectors.joining(",")));
    }

    /** The constant named so, or null (every value) for none or a name this version does not know. */
    private static <E extends Enum<E>> E valueOf(Class<E> type, String name) {
        try {
            return name.isEmpty() ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
