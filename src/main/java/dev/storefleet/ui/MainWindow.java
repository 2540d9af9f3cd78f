package dev.storefleet.ui;

import dev.storefleet.domain.Store;
import dev.storefleet.viewmodel.StoreListViewModel;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The console's main window content: header, error banner, store table. Layout and binding
 * only; the view-model decides what is shown.
 */
public final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final Label banner = new Label();
    private final TableView<Store> table = new TableView<>();

    public MainWindow() {
        Label title = new Label("Storefleet");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        banner.setId("errorBanner");
        banner.setWrapText(true);
        banner.setStyle("-fx-text-fill: #b00020;");
        banner.managedProperty().bind(banner.visibleProperty());
        banner.setVisible(false);
        VBox header = new VBox(6, title, banner);
        header.setPadding(new Insets(12));
        root.setTop(header);

        table.setId("storeTable");
        table.getColumns().add(column("Name", s -> s.name()));
        table.getColumns().add(column("Type", s -> s.type().displayName()));
        table.getColumns().add(column("Owner", s -> s.owner()));
        table.getColumns().add(column("Status", s -> s.status().label()));
        table.getColumns().add(column("Namespace", s -> s.namespace()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Opening the local database…"));
        BorderPane.setMargin(table, new Insets(0, 12, 12, 12));
        root.setCenter(table);
    }

    /** Shows a problem that stops the console from working (database, start-up). */
    public void showError(String message) {
        banner.setText(message);
        banner.setVisible(true);
        table.setPlaceholder(new Label("No stores to show."));
    }

    public void bind(StoreListViewModel viewModel) {
        table.setItems(viewModel.stores());
        table.setPlaceholder(new Label("No stores yet."));
        banner.textProperty().bind(viewModel.errorProperty());
        banner.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
    }

    public Parent root() {
        return root;
    }

    private static TableColumn<Store, String> column(String title, java.util.function.Function<Store, String> value) {
        TableColumn<Store, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

}
