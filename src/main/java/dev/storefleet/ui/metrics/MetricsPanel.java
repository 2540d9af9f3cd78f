package dev.storefleet.ui.metrics;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.metrics.MetricsViewModel;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.OutcomePoint;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.OutcomeRange;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.ReadyTimeBar;
import dev.storefleet.viewmodel.metrics.MetricsViewModel.StatusCount;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableLongValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * The metrics panel: counter tiles (with the ready stores degraded or gone now, coloured while
 * there are any), "stores by status", "provisioning outcomes over time" and
 * time to ready. Layout and binding only; the charts mirror the view-model's lists.
 */
public final class MetricsPanel {
    private final MetricsViewModel vm;
    private final ScrollPane root = new ScrollPane();
    private final PieChart statusChart = new PieChart();
    /** The statuses the chart's slices stand for, in their order. */
    private List<StoreStatus> statusesShown = List.of();
    private final XYChart.Series<String, Number> succeeded = new XYChart.Series<>();
    private final XYChart.Series<String, Number> failed = new XYChart.Series<>();
    private final XYChart.Series<String, Number> readyBars = new XYChart.Series<>();

    public MetricsPanel(MetricsViewModel viewModel) {
        this.vm = viewModel;

        Label title = new Label("Metrics");
        title.getStyleClass().add("title-3");
        Label updated = new Label();
        updated.getStyleClass().addAll("text-muted", "text-small");
        updated.textProperty().bind(vm.updatedTextProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("metricsRefresh");
        refresh.disableProperty().bind(vm.refreshCommand().executableProperty().not());
        refresh.setOnAction(e -> vm.refreshCommand().execute());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(12, title, spacer, updated, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        Label errorText = new Label();
        errorText.textProperty().bind(vm.errorProperty());
        Node error = banner("metricsError", "danger", "Metrics could not be read", errorText);
        showWhen(error, vm.errorProperty().isNotEmpty());

        Node empty = banner("metricsEmpty", "accent", "No data yet", new Label("Metrics appear here once a store has"
                + " been created. They are counted from the audit log, so they survive restarts."));
        showWhen(empty, vm.emptyProperty().and(vm.errorProperty().isEmpty()));

        TilePane counters = new TilePane(12, 12,
                counter("Active stores", vm.activeStoresProperty(), "activeStores"),
                counter("Provisionings", vm.provisioningCountProperty(), "provisioningCount"),
                counter("Failures", vm.failureCountProperty(), "failureCount"),
                counter("Upgrades", vm.upgradeCountProperty(), "upgradeCount"),
                counter("Rollbacks", vm.rollbackCountProperty(), "rollbackCount"),
                counter("Retries", vm.retryCountProperty(), "retryCount"),
                counter("Orders placed", vm.ordersPlacedProperty(), "ordersPlaced"),
                // Short captions: a longer one widens every tile, and the panel's two columns no longer fit.
                counter("Degraded", vm.degradedStoresProperty(), "degradedStores", "health-degraded",
                        "Ready stores with a workload or pod not ready, now"),
                counter("Gone", vm.goneStoresProperty(), "goneStores", "health-gone",
                        "Ready stores whose namespace or release was removed outside the console, now"));
        counters.setPrefColumns(9);
        counters.setHgap(8);
        counters.setVgap(8);
        counters.setTileAlignment(Pos.TOP_LEFT);

        // A dashboard: everything in one screen (1366×768 too), the charts sharing the height left.
        Node chartRow = charts(statusCard(), outcomesCard());
        Node ready = readyCard();
        VBox.setVgrow(chartRow, Priority.ALWAYS);
        VBox.setVgrow(ready, Priority.ALWAYS);
        VBox content = new VBox(12, header, error, empty, counters, chartRow, ready);
        content.setPadding(new Insets(16));
        content.getStyleClass().add("metrics-content");
        content.setFillWidth(true);

        root.setContent(content);
        root.setFitToWidth(true);
        root.setFitToHeight(true); // the charts shrink to the page rather than scroll (down to their minimum)
        root.setId("metricsPanel");
        root.getStylesheets().add(MetricsPanel.class.getResource("metrics.css").toExternalForm());
        root.getStyleClass().add("flat");

        vm.storesByStatus().addListener((ListChangeListener<StatusCount>) c -> showStatuses());
        vm.provisioningOutcomes().addListener((ListChangeListener<OutcomePoint>) c -> showOutcomes());
        vm.readyTimeDistribution().addListener((ListChangeListener<ReadyTimeBar>) c -> showReadyTimes());
        showStatuses();
        showOutcomes();
        showReadyTimes();
    }

    public Node root() {
        return root;
    }

    private static HBox charts(Node left, Node right) {
        HBox row = new HBox(16, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        return row;
    }

    private Node counter(String caption, ObservableLongValue value, String id) {
        return counter(caption, value, id, null, null);
    }

    /**
     * @param alarm a style class the number takes while it is above zero (null: none)
     * @param tip   what the figure counts, as the tile's tooltip (null: none)
     */
    private Node counter(String caption, ObservableLongValue value, String id, String alarm, String tip) {
        Label number = new Label();
        number.setId(id);
        number.getStyleClass().add("title-1");
        number.textProperty().bind(Bindings.createStringBinding(() -> String.format("%,d", value.get()), value));
        if (alarm != null) {
            value.addListener((o, before, now) -> {
                number.getStyleClass().remove(alarm);
                if (now.longValue() > 0) {
                    number.getStyleClass().add(alarm);
                }
            });
        }
        Label label = new Label(caption);
        label.getStyleClass().add("text-muted");
        VBox tile = new VBox(2, number, label);
        tile.setPadding(new Insets(8, 12, 8, 12));
        tile.setMinWidth(116);
        if (tip != null) {
            javafx.scene.control.Tooltip.install(tile, new javafx.scene.control.Tooltip(tip));
        }
        card(tile);
        return tile;
    }

    private Node statusCard() {
        statusChart.setId("storesByStatusChart");
        statusChart.setLegendVisible(false); // the slices carry their labels
        statusChart.setLabelsVisible(true);
        statusChart.setAnimated(false);
        statusChart.setPrefHeight(240);
        statusChart.setMinHeight(110);
        statusChart.setMinWidth(260);
        Label none = new Label("No stores");
        none.getStyleClass().add("text-muted");
        none.visibleProperty().bind(Bindings.isEmpty(vm.storesByStatus()));
        return section("Stores by status", new StackPane(statusChart, none));
    }

    private Node outcomesCard() {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setMinorTickVisible(false);
        y.setTickUnit(1);
        y.setForceZeroInRange(true);
        y.setTickLabelFormatter(WHOLE_NUMBERS);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("provisioningOutcomesChart");
        chart.setAnimated(false);
        chart.setCategoryGap(4);
        chart.setBarGap(0);
        chart.setPrefHeight(240);
        chart.setMinHeight(110);
        succeeded.setName("succeeded");
        failed.setName("failed");
        chart.getData().setAll(FXCollections.observableArrayList(java.util.List.of(succeeded, failed)));

        ChoiceBox<OutcomeRange> range = new ChoiceBox<>(FXCollections.observableArrayList(vm.outcomeRanges()));
        range.setId("outcomeRange");
        range.valueProperty().bindBidirectional(vm.outcomeRangeProperty());
        Label title = sectionTitle("Provisioning outcomes over time");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, title, spacer, range);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox box = new VBox(8, head, chart);
        box.setPadding(new Insets(12));
        card(box);
        return box;
    }

    private Node readyCard() {
        GridPane figures = new GridPane();
        figures.setHgap(16);
        figures.setVgap(6);
        figures.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints());
        figure(figures, 0, "Successful provisionings", Bindings.createStringBinding(
                () -> String.format("%,d", vm.timeToReadyProperty().get().count()), vm.timeToReadyProperty()),
                "readyCount");
        figure(figures, 1, "Average", vm.readyAverageTextProperty(), "readyAverage");
        figure(figures, 2, "Median", vm.readyMedianTextProperty(), "readyMedian");
        figure(figures, 3, "90th percentile", vm.readyP90TextProperty(), "readyP90");
        figure(figures, 4, "Slowest", vm.readyMaxTextProperty(), "readyMax");

        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setMinorTickVisible(false);
        y.setTickLabelFormatter(WHOLE_NUMBERS);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("timeToReadyChart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(200);
        chart.setMinHeight(110);
        readyBars.setName("stores");
        chart.getData().add(readyBars);

        HBox row = new HBox(24, figures, chart);
        HBox.setHgrow(chart, Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        return section("Time to ready (request to ready, successful provisionings)", row);
    }

    private static void figure(GridPane grid, int row, String caption, ObservableStringValue value, String id) {
        Label name = new Label(caption);
        name.getStyleClass().add("text-muted");
        Label text = new Label();
        text.setId(id);
        text.getStyleClass().add("text-bold");
        text.textProperty().bind(value);
        grid.addRow(row, name, text);
    }

    private static Node section(String title, Node body) {
        VBox box = new VBox(8, sectionTitle(title), body);
        VBox.setVgrow(body, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        card(box);
        return box;
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("title-4");
        return label;
    }

    /**
     * A message strip in the theme's colours ({@code kind}: danger, accent, …). Built here rather
     * than with AtlantaFX's Message control: AtlantaFX 2.1.0 classes are Java 21 bytecode and the
     * console targets Java 17, so only its stylesheets and style classes are used.
     */
    private static Node banner(String id, String kind, String title, Label description) {
        Label heading = new Label(title);
        heading.getStyleClass().add("text-bold");
        heading.setStyle("-fx-text-fill: -color-" + kind + "-fg;");
        description.setWrapText(true);
        description.setStyle("-fx-text-fill: -color-fg-default;");
        VBox box = new VBox(4, heading, description);
        box.setId(id);
        box.setPadding(new Insets(10, 14, 10, 14));
        box.setStyle("-fx-background-color: -color-" + kind + "-subtle; -fx-border-color: -color-" + kind + "-muted;"
                + " -fx-background-radius: 6; -fx-border-radius: 6;");
        return box;
    }

    /** A bordered surface in the theme's own colours, so light and dark themes both work. */
    private static void card(Region region) {
        region.getStyleClass().add("metric-card");
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    private void showStatuses() {
        List<StoreStatus> statuses = vm.storesByStatus().stream().map(s -> s.status()).toList();
        if (statuses.equals(statusesShown)) {
            // Same slices, new counts: update them in place. Replacing them on every refresh (an
            // order placed refreshes the metrics) left their labels piled up in the chart's corner.
            for (int i = 0; i < statuses.size(); i++) {
                var s = vm.storesByStatus().get(i);
                PieChart.Data slice = statusChart.getData().get(i);
                slice.setName(s.label() + " (" + s.count() + ")");
                slice.setPieValue(s.count());
            }
            return;
        }
        statusesShown = statuses;
        statusChart.getData().setAll(vm.storesByStatus().stream().map(s -> {
            PieChart.Data slice = new PieChart.Data(s.label() + " (" + s.count() + ")", s.count());
            // The slice's colour says the status, not its position in the list. Inline, because
            // PieChart resets a slice's style classes when it is added.
            slice.nodeProperty().addListener((obs, old, node) -> {
                if (node != null) {
                    node.setStyle("-fx-pie-color: " + colourOf(s.status()) + ";");
                }
            });
            return slice;
        }).toList());
    }

    private static String colourOf(StoreStatus status) {
        return switch (status) {
            case READY -> "-color-success-emphasis";
            case FAILED -> "-color-danger-emphasis";
            case DELETING -> "-color-warning-emphasis";
            case CREATED -> "-color-neutral-emphasis";
            case SUSPENDED -> "-color-fg-subtle";
            case PROVISIONING, UPGRADING, ROLLING_BACK, SUSPENDING, RESUMING, RESTORING -> "-color-accent-emphasis";
        };
    }

    private void showOutcomes() {
        succeeded.getData().setAll(vm.provisioningOutcomes().stream()
                .map(p -> new XYChart.Data<String, Number>(p.label(), p.succeeded())).toList());
        failed.getData().setAll(vm.provisioningOutcomes().stream()
                .map(p -> new XYChart.Data<String, Number>(p.label(), p.failed())).toList());
    }

    private void showReadyTimes() {
        readyBars.getData().setAll(vm.readyTimeDistribution().stream()
                .map(b -> new XYChart.Data<String, Number>(b.label(), b.count())).toList());
    }

    private static final javafx.util.StringConverter<Number> WHOLE_NUMBERS = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue()) ? String.format("%,d", n.longValue()) : "";
        }

        @Override
        public Number fromString(String s) {
            return Double.valueOf(s);
        }
    };
}
