package dev.storefleet.ui.rollout;

import atlantafx.base.theme.Styles;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.ui.DialogService;
import dev.storefleet.ui.DialogService.Confirmation;
import dev.storefleet.ui.preview.ChangePreviewView;
import dev.storefleet.viewmodel.rollout.PlanForm;
import dev.storefleet.viewmodel.rollout.PlannedWaveRow;
import dev.storefleet.viewmodel.rollout.RolloutEntryRow;
import dev.storefleet.viewmodel.rollout.RolloutsViewModel;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import static dev.storefleet.ui.controls.Controls.column;
import static dev.storefleet.ui.controls.Controls.commandButton;
import static dev.storefleet.ui.controls.Controls.labels;
import static dev.storefleet.ui.controls.Controls.showWhen;

/**
 * The Rollouts page: the plan form at the left; at the right the plan's preview (its waves, the
 * stores skipped, what the upgrade changes in the first store) and the progress tab (every
 * rollout, the picked one's stores wave by wave with their status in colour, Pause, Resume, Abort).
 */
public final class RolloutsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final RolloutsViewModel vm;
    private final DialogService dialogs;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final Tab previewTab;
    private final Tab progressTab;
    private final TextArea values = new TextArea();

    public RolloutsPage(RolloutsViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        previewTab = new Tab("Plan preview", previewPane());
        previewTab.setId("planPreviewTab");
        progressTab = new Tab("Rollouts", progressPane());
        progressTab.setId("rolloutProgressTab");
        tabs.getTabs().setAll(previewTab, progressTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("rolloutTabs");
        ScrollPane form = new ScrollPane(form());
        form.setFitToWidth(true);
        form.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        form.setPrefWidth(370);
        form.setMinWidth(330);
        form.getStyleClass().add("side-panel");
        root.setLeft(form);
        root.setCenter(tabs);
        root.setId("rolloutsPanel");
        BorderPane.setMargin(tabs, new Insets(6, 10, 6, 10));
    }

    private Node form() {
        PlanForm f = vm.form();
        Label heading = new Label("New rollout");
        heading.getStyleClass().add(Styles.TITLE_4);

        ChoiceBox<PlanForm.Scope> scope = new ChoiceBox<>();
        scope.setId("planScope");
        scope.getItems().setAll(PlanForm.Scope.values());
        scope.setConverter(labels(PlanForm.Scope::label));
        scope.valueProperty().bindBidirectional(f.scopeProperty());
        scope.setMaxWidth(Double.MAX_VALUE);
        ChoiceBox<StoreType> type = new ChoiceBox<>();
        type.setId("planType");
        type.getItems().add(null);
        type.getItems().addAll(StoreType.values());
        type.setConverter(labels(t -> t == null ? "Any type" : t.displayName()));
        type.valueProperty().bindBidirectional(f.typeProperty());
        type.disableProperty().bind(f.scopeProperty().isEqualTo(PlanForm.Scope.SELECTION));

        Label chart = new Label();
        chart.setId("planChart");
        chart.setWrapText(true);
        chart.getStyleClass().add(Styles.TEXT_SMALL);
        chart.textProperty().bind(vm.bundledTextProperty());

        values.setId("planValues");
        values.setPromptText("woocommerce.currency=EUR\n(or YAML, as in a values file)");
        values.setPrefRowCount(4);
        values.getStyleClass().add("monospace-input");
        values.textProperty().bindBidirectional(f.valuesProperty());

        TextField canary = field("planCanary", f.canaryProperty(), 4, "Stores upgraded first, alone (0: none)");
        TextField waves = field("planWavesField", f.wavesProperty(), 8,
                "Cumulative percentages of the stores after the canary; the last is 100");
        TextField inFlight = field("planMaxInFlight", f.maxInFlightProperty(), 4, "Stores of a wave upgraded at once");
        TextField gate = field("planGateTimeout", f.gateTimeoutProperty(), 5,
                "How long a store has to be ready, healthy and verified after its upgrade (90s, 10m, 1h)");
        GridPane numbers = new GridPane();
        numbers.setHgap(10);
        numbers.setVgap(2);
        numbers.addRow(0, caption("Canary"), caption("Waves (%)"));
        numbers.addRow(1, canary, waves);
        numbers.add(error("planCanaryError", f.canaryErrorProperty()), 0, 2);
        numbers.add(error("planWavesError", f.wavesErrorProperty()), 1, 2);
        numbers.addRow(3, caption("At once"), caption("Gate timeout"));
        numbers.addRow(4, inFlight, gate);
        numbers.add(error("planMaxInFlightError", f.maxInFlightErrorProperty()), 0, 5);
        numbers.add(error("planGateTimeoutError", f.gateTimeoutErrorProperty()), 1, 5);

        CheckBox verify = new CheckBox("Gate each store on a verification order");
        verify.setId("planVerify");
        verify.setTooltip(new Tooltip("Besides ready and healthy: a test order placed and found in the store's own API"));
        verify.selectedProperty().bindBidirectional(f.verifyProperty());
        verify.setWrapText(true);
        CheckBox keep = new CheckBox("Keep a failed store as it is for inspection");
        keep.setId("planKeepFailed");
        keep.setTooltip(new Tooltip("On a failure the wave's other upgraded stores roll back; the failed one stays"));
        keep.selectedProperty().bindBidirectional(f.keepFailedProperty());
        keep.setWrapText(true);
        CheckBox backupFirst = new CheckBox("Back up first");
        backupFirst.setId("rolloutBackupFirstCheck");
        backupFirst.setTooltip(new Tooltip("A backup of each store is taken, and waited for, before its upgrade; "
                + "a failed backup fails the store, which is not upgraded"));
        backupFirst.selectedProperty().bindBidirectional(f.backupFirstProperty());
        backupFirst.setWrapText(true);

        // Never disabled (a second press while one runs does nothing): a button that turns itself off
        // while it works would drop the keyboard focus, and Tab would then start from nowhere.
        Button preview = new Button("Preview plan");
        preview.setId("previewPlanButton");
        preview.setTooltip(new Tooltip("Show the waves and what the upgrade changes in the first store"));
        preview.setOnAction(e -> {
            tabs.getSelectionModel().select(previewTab);
            vm.previewPlanCommand().execute();
        });
        Button start = commandButton("Start…", "startRolloutButton", vm.startCommand(),
                "Start the rollout, after one confirmation listing its waves");
        start.getStyleClass().add(Styles.ACCENT);
        start.setOnAction(e -> confirmStart());
        HBox buttons = new HBox(8, preview, start);

        Label notice = new Label();
        notice.setId("rolloutNotice");
        notice.setWrapText(true);
        notice.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        notice.textProperty().bind(vm.noticeProperty());

        VBox box = new VBox(4, heading,
                caption("Stores"), scope, type, error("planStoresError", f.storesErrorProperty()),
                caption("Chart"), chart,
                caption("Values set on every store"), values, error("planValuesError", f.valuesErrorProperty()),
                numbers, verify, keep, backupFirst, buttons,
                error("planFormError", f.formErrorProperty()), error("rolloutError", vm.errorProperty()), notice);
        VBox.setMargin(buttons, new Insets(8, 0, 0, 0));
        box.setPadding(new Insets(12));
        box.setId("planForm");
        return box;
    }

    /**
     * Previews the plan as it stands (the waves shown in the preview tab), then asks once, listing the
     * waves and what is skipped, and starts. A plan with fields to fix is not asked about: they are marked.
     */
    private void confirmStart() {
        tabs.getSelectionModel().select(previewTab);
        vm.planToConfirm().thenAccept(lines -> dialogs.later(() -> {
            if (lines.isEmpty()) {
                return;
            }
            if (dialogs.confirm(new Confirmation("Start rollout", "Start this rollout?",
                    "The stores are upgraded wave by wave; a store that fails its gate halts the rollout and rolls its"
                            + " wave back. Pause or abort it from the Rollouts tab.", lines, "Start rollout", false))) {
                tabs.getSelectionModel().select(progressTab);
                vm.startCommand().execute();
            }
        }));
    }

    private Node previewPane() {
        Label summary = new Label();
        summary.setId("planSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.planSummaryProperty());
        TableView<PlannedWaveRow> waves = new TableView<>(vm.plannedWaves());
        waves.setId("plannedWaves");
        waves.getColumns().add(column("Wave", 90, PlannedWaveRow::wave));
        waves.getColumns().add(column("Stores", 80, w -> String.valueOf(w.stores().size())));
        waves.getColumns().add(column("Which", 600, PlannedWaveRow::storesText));
        waves.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        waves.setPlaceholder(new Label("No plan previewed yet."));
        waves.getStyleClass().add(Styles.DENSE);
        waves.setFixedCellSize(28);
        waves.setPrefHeight(36 + 4 * 28); // the canary and three waves without scrolling
        waves.setMinHeight(36 + 4 * 28);
        Label first = new Label("What the upgrade changes in the first store");
        first.getStyleClass().add(Styles.TEXT_BOLD);
        ChangePreviewView preview = new ChangePreviewView(vm.preview(), true);
        VBox.setVgrow(preview.root(), Priority.ALWAYS);
        VBox box = new VBox(6, summary, waves, first, preview.root());
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private Node progressPane() {
        TableView<Rollout> list = new TableView<>(vm.rollouts());
        list.setId("rolloutList");
        list.getColumns().add(column("#", 45, r -> String.valueOf(r.id())));
        TableColumn<Rollout, String> status = statusColumn("Status", 85, r -> r.status().code());
        list.getColumns().add(status);
        list.getColumns().add(column("Stores", 70, r -> String.valueOf(r.waves().stream().mapToInt(w -> w.stores().size()).sum())));
        list.getColumns().add(column("Waves", 65, r -> String.valueOf(r.waves().size())));
        list.getColumns().add(column("Started", 125, r -> r.createdAt() == null ? "" : WHEN.format(r.createdAt())));
        list.getColumns().add(column("By", 110, r -> r.actor() == null ? "" : r.actor()));
        // The first line of the reason (the rest, a log's tail, is under the progress when the rollout is picked).
        list.getColumns().add(column("Reason", 320, r -> r.reason() == null ? "" : r.reason().lines().findFirst().orElse("")));
        list.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        list.getStyleClass().add(Styles.DENSE);
        list.setFixedCellSize(28);
        Label empty = new Label();
        empty.textProperty().bind(vm.listEmptyTextProperty());
        list.setPlaceholder(empty);
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != vm.selectedProperty().get()) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((o, was, now) -> {
            if (list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
            }
        });

        Label progress = new Label();
        progress.setId("rolloutProgress");
        progress.setWrapText(true);
        progress.textProperty().bind(vm.progressProperty());
        progress.getStyleClass().add(Styles.TEXT_BOLD);
        progress.setMinHeight(Region.USE_PREF_SIZE); // both lines: the status and each wave's counts
        progress.setMaxWidth(Double.MAX_VALUE);
        Button pause = commandButton("Pause", "pauseRolloutButton", vm.pauseCommand(),
                "Start no more stores; those in flight finish their gate");
        Button resume = commandButton("Resume", "resumeRolloutButton", vm.resumeCommand(), "Go on with the rollout");
        Button abort = commandButton("Abort", "abortRolloutButton", vm.abortCommand(),
                "Stop the rollout for good: no store starts any more; upgraded stores stay as they are");
        abort.getStyleClass().add(Styles.DANGER);
        Button refresh = commandButton("Refresh", "refreshRolloutsButton", vm.refreshCommand(), "Read the rollouts again");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(8, progress, spacer, pause, resume, abort, refresh);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(progress, Priority.SOMETIMES);
        TextArea reason = new TextArea();
        reason.setId("rolloutReason");
        reason.setEditable(false);
        reason.setWrapText(true);
        reason.setPrefRowCount(3);
        reason.setMinHeight(Region.USE_PREF_SIZE);
        reason.getStyleClass().add("monospace-input");
        reason.textProperty().bind(vm.reasonProperty());
        showWhen(reason, vm.reasonProperty().isNotEmpty());

        TableView<RolloutEntryRow> entries = new TableView<>(vm.entries());
        entries.setId("rolloutEntries");
        entries.getColumns().add(column("Wave", 75, RolloutEntryRow::wave));
        entries.getColumns().add(column("Store", 170, RolloutEntryRow::store));
        entries.getColumns().add(entryStatusColumn());
        entries.getColumns().add(column("Revisions", 95, RolloutEntryRow::revisions));
        entries.getColumns().add(column("Detail", 420, RolloutEntryRow::detail));
        entries.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        entries.setPlaceholder(new Label("Pick a rollout above to see its stores wave by wave."));
        entries.getStyleClass().add(Styles.DENSE);
        entries.setFixedCellSize(28);
        VBox bottom = new VBox(6, actions, reason, entries);
        VBox.setVgrow(entries, Priority.ALWAYS);
        // The list keeps four rows (past rollouts scroll); the picked rollout's stores take the rest.
        list.setPrefHeight(36 + 4 * 28);
        list.setMinHeight(36 + 2 * 28);
        VBox pane = new VBox(8, list, bottom);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        pane.setPadding(new Insets(8, 0, 0, 0));
        return pane;
    }

    private static TableColumn<Rollout, String> statusColumn(String title, double width, Function<Rollout, String> code) {
        TableColumn<Rollout, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(code.apply(c.getValue())));
        column.setCellFactory(c -> colouredCell());
        return column;
    }

    private static TableColumn<RolloutEntryRow, String> entryStatusColumn() {
        TableColumn<RolloutEntryRow, String> column = new TableColumn<>("Status");
        column.setPrefWidth(112); // "rolled back" in bold
        column.setCellValueFactory(c -> {
            RolloutStoreStatus s = c.getValue().status();
            return new ReadOnlyObjectWrapper<>(s == null ? "" : s.code());
        });
        column.setCellFactory(c -> colouredCell());
        return column;
    }

    /** A status word coloured by what it is (rollout-passed, rollout-halted, rollout-rolled-back…). */
    private static <T> TableCell<T, String> colouredCell() {
        return new TableCell<>() {
            @Override
            protected void updateItem(String code, boolean empty) {
                super.updateItem(code, empty);
                getStyleClass().removeIf(s -> s.startsWith("rollout-"));
                if (empty || code == null || code.isEmpty()) {
                    setText(null);
                    return;
                }
                setText(code.replace('_', ' '));
                getStyleClass().add("rollout-" + code.replace('_', '-'));
            }
        };
    }

    private static TextField field(String id, javafx.beans.property.StringProperty value, int columns, String tip) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(columns);
        field.setTooltip(new Tooltip(tip));
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        label.setPadding(new Insets(6, 0, 0, 0));
        return label;
    }

    private static Label error(String id, ReadOnlyStringProperty text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().addAll("error-text", Styles.TEXT_SMALL);
        label.textProperty().bind(text);
        ObservableBooleanValue has = text.isNotEmpty();
        showWhen(label, has);
        return label;
    }

    /** Whether the page is in front: the view-model polls the rollouts meanwhile. */
    public void showWhile(ObservableBooleanValue inFront) {
        vm.shownProperty().bind(inFront);
        // In front: the cursor goes to the plan's values, what a plan most often changes.
        inFront.addListener((o, was, now) -> {
            if (now) {
                javafx.application.Platform.runLater(values::requestFocus);
            }
        });
    }

    public Node root() {
        return root;
    }
}
