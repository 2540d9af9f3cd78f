package dev.storefleet.ui.orders;

import static dev.storefleet.ui.controls.Controls.commandButton;

import dev.storefleet.service.OrderService;
import dev.storefleet.viewmodel.orders.OrderRow;
import dev.storefleet.viewmodel.orders.OrdersViewModel;
import dev.storefleet.viewmodel.orders.OrdersViewModel.VerificationState;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The orders of the selected store: Refresh, a quantity and Place test order, Verify; the last
 * verification; what failed and what to do next; the newest orders. Layout and binding only.
 */
public final class OrdersPanel {
    private final OrdersViewModel vm;
    private final VBox root = new VBox(8);
    private final TableView<OrderRow> table = new TableView<>();
    /** Held here: a bidirectional binding keeps only a weak reference to it. */
    private final ObjectProperty<Integer> quantity;

    public OrdersPanel(OrdersViewModel viewModel) {
        this.vm = viewModel;
        quantity = vm.quantityProperty().asObject();

        Button refresh = commandButton("Refresh", "refreshOrdersButton", vm.refreshCommand(),
                "Read the store's newest orders again (F5)");
        Spinner<Integer> pieces = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                OrderService.MAX_QUANTITY, 1));
        pieces.setId("orderQuantitySpinner");
        pieces.setEditable(true);
        pieces.setPrefWidth(76);
        pieces.setMinWidth(Region.USE_PREF_SIZE);
        pieces.getValueFactory().valueProperty().bindBidirectional(quantity);
        pieces.setTooltip(new Tooltip("Pieces of the test order: 1 to " + OrderService.MAX_QUANTITY));
        pieces.disableProperty().bind(Bindings.not(vm.readyProperty()));
        Label piecesLabel = new Label("Pieces");
        piecesLabel.setLabelFor(pieces);
        piecesLabel.setMinWidth(Region.USE_PREF_SIZE);
        Button place = commandButton("Place test order", "placeOrderButton", vm.placeOrderCommand(),
                "Place an order of this many pieces of a product in stock, as a shopper would (Ctrl+O)");
        Button verify = commandButton("Verify store", "verifyStoreButton", vm.verifyCommand(),
                "Check the store end to end: place a test order and find it in the order list (Ctrl+Shift+V)");

        Label count = new Label();
        count.setId("ordersCount");
        count.getStyleClass().addAll("text-small", "text-muted");
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(vm.countTextProperty());
        // Wraps in the details panel beside the store table when it is narrow: every button stays on screen.
        javafx.scene.layout.FlowPane toolbar = new javafx.scene.layout.FlowPane(8, 6, refresh, separator(),
                piecesLabel, pieces, place, separator(), verify, count);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("ordersError");
        error.getStyleClass().add("inline-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        // A long message (a cluster error can be) scrolls in a few lines and leaves the table its room.
        ScrollPane errorScroll = verticalScroll(error);
        errorScroll.setMaxHeight(60);
        errorScroll.setMinHeight(40);
        errorScroll.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty())
                .and(Bindings.not(vm.errorInPlaceholderProperty())));
        errorScroll.managedProperty().bind(errorScroll.visibleProperty());

        buildTable();
        HBox.setHgrow(table, Priority.ALWAYS);
        HBox body = new HBox(12, table, sidePane());
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().setAll(toolbar, errorScroll, body);
        root.setId("ordersPanel");
        root.setPadding(new Insets(8, 0, 0, 0));
    }

    /** Beside the table: the last verification, then what runs now or how the last action went. */
    private Node sidePane() {
        Label title = new Label("Last verification");
        title.getStyleClass().add("text-bold");
        Label verification = new Label();
        verification.setId("lastVerificationLabel");
        verification.setWrapText(true);
        verification.setMinHeight(Region.USE_PREF_SIZE);
        verification.textProperty().bind(Bindings.createStringBinding(() -> icon(vm.verificationStateProperty().get())
                + vm.verificationTextProperty().get(), vm.verificationStateProperty(), vm.verificationTextProperty()));
        vm.verificationStateProperty().addListener((o, a, state) -> styleVerification(verification, state));
        styleVerification(verification, vm.verificationStateProperty().get());
        VBox verificationBox = new VBox(4, title, verification);
        verificationBox.visibleProperty().bind(Bindings.isNotEmpty(vm.verificationTextProperty()));
        verificationBox.managedProperty().bind(verificationBox.visibleProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.setMinSize(16, 16);
        spinner.setMaxSize(16, 16);
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label status = new Label();
        status.setId("ordersStatus");
        status.getStyleClass().add("text-muted");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.busyProperty().get()
                ? vm.progressProperty().get() : vm.noticeProperty().get(), vm.busyProperty(), vm.progressProperty(),
                vm.noticeProperty()));
        HBox statusLine = new HBox(6, spinner, status);
        statusLine.setAlignment(Pos.TOP_LEFT);

        VBox side = new VBox(10, verificationBox, statusLine);
        side.setPadding(new Insets(0, 8, 0, 0));
        // A failed check can say a lot; it scrolls rather than being cut.
        ScrollPane scroll = verticalScroll(side);
        scroll.setPrefWidth(230);
        scroll.setMinWidth(180);
        scroll.setMaxWidth(320);
        return scroll;
    }

    private void buildTable() {
        table.setId("ordersTable");
        table.setItems(vm.rows());
        table.getStyleClass().addAll("dense", "striped");
        table.setFixedCellSize(28);
        table.setMinHeight(72);
        Label placeholder = new Label();
        placeholder.setId("ordersPlaceholder");
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("text-muted");
        placeholder.setPadding(new Insets(8, 12, 8, 12));
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        placeholder.textProperty().bind(vm.placeholderProperty());
        // An error in the placeholder is smaller, red, and whole in a tooltip when it is too long to show.
        vm.errorInPlaceholderProperty().addListener((o, was, now) -> {
            placeholder.getStyleClass().removeAll("error-text", "text-small");
            if (now) {
                placeholder.getStyleClass().addAll("error-text", "text-small");
            }
        });
        placeholder.tooltipProperty().bind(Bindings.createObjectBinding(() -> vm.errorInPlaceholderProperty().get()
                ? new Tooltip(placeholder.getText()) : null, vm.errorInPlaceholderProperty(),
                placeholder.textProperty()));
        table.setPlaceholder(placeholder);
        table.getColumns().setAll(List.of(
                column("Number", OrderRow::number, 75),
                column("Status", OrderRow::status, 95),
                column("Total", OrderRow::total, 95),
                column("Created", OrderRow::created, 150)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static TableColumn<OrderRow, String> column(String title, Function<OrderRow, String> value,
            double width) {
        TableColumn<OrderRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        // Newest first as the store lists them; a sort of one page could mislead.
        column.setSortable(false);
        return column;
    }

    /** {@code content} at the pane's width, scrolling up and down only, with no frame of its own. */
    private static ScrollPane verticalScroll(Node content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }

    private static String icon(VerificationState state) {
        return switch (state) {
            case PASSED -> "✔  ";
            case FAILED -> "✖  ";
            case NONE -> "";
        };
    }

    private static void styleVerification(Label label, VerificationState state) {
        label.getStyleClass().removeAll("verification-passed", "verification-failed", "verification-none");
        label.getStyleClass().add(switch (state) {
            case PASSED -> "verification-passed";
            case FAILED -> "verification-failed";
            case NONE -> "verification-none";
        });
    }

    public Node root() {
        return root;
    }
}
