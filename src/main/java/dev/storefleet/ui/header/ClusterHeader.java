package dev.storefleet.ui.header;

import dev.storefleet.viewmodel.cluster.ClusterViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/**
 * Title, kubeconfig context picker, reachability indicator, theme switch; and the fleet watch's
 * words while it does not see the cluster.
 */
public final class ClusterHeader {
    private final HBox root = new HBox(10);
    private final Button themeButton = new Button("Dark");

    public ClusterHeader(ClusterViewModel vm) {
        Label title = new Label("Storefleet");
        title.getStyleClass().addAll("title-3");

        ChoiceBox<String> contexts = new ChoiceBox<>(vm.contexts());
        contexts.setId("contextChoice");
        contexts.setTooltip(new Tooltip("Kubeconfig context: which cluster the console works on"));
        contexts.disableProperty().bind(Bindings.isEmpty(vm.contexts()).or(vm.switchingProperty()));
        vm.currentContextProperty().addListener((o, a, b) -> contexts.setValue(b));
        contexts.setValue(vm.currentContextProperty().get());
        contexts.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(vm.currentContextProperty().get())) {
                vm.switchTo(b);
            }
        });

        Circle light = new Circle(6);
        light.setId("clusterIndicator");
        Label status = new Label();
        status.setId("clusterStatus");
        status.textProperty().bind(vm.statusTextProperty());
        Tooltip problem = new Tooltip();
        problem.textProperty().bind(vm.problemProperty());
        status.setTooltip(problem);
        light.styleProperty().bind(Bindings.createStringBinding(() -> "-fx-fill: " + switch (vm.healthProperty().get()) {
            case REACHABLE -> "-color-success-emphasis";
            case CHECKING -> "-color-warning-emphasis";
            case UNREACHABLE, NO_KUBECONFIG -> "-color-danger-emphasis";
        } + ";", vm.healthProperty()));

        Label fleetWatch = new Label();
        fleetWatch.setId("fleetWatchStatus");
        fleetWatch.getStyleClass().addAll("fleet-watch-status", "text-small");
        fleetWatch.textProperty().bind(vm.fleetWatchProblemProperty());
        Tooltip fleetWatchTip = new Tooltip();
        fleetWatchTip.textProperty().bind(vm.fleetWatchProblemProperty().concat(
                "\nUntil it sees the cluster, the health of every ready store is unknown."));
        fleetWatch.setTooltip(fleetWatchTip);
        fleetWatch.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        fleetWatch.setMinWidth(0);
        fleetWatch.visibleProperty().bind(vm.fleetWatchProblemProperty().isNotEmpty());
        fleetWatch.managedProperty().bind(fleetWatch.visibleProperty());

        Label contextLabel = new Label("Cluster");
        contextLabel.getStyleClass().add("text-muted");
        themeButton.setId("themeButton");
        themeButton.setTooltip(new Tooltip("Switch light / dark theme (Ctrl+T)"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root.getChildren().addAll(title, spacer, fleetWatch, contextLabel, contexts, light, status, themeButton);
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(10, 14, 10, 14));
        root.getStyleClass().add("header-bar");
    }

    public Button themeButton() {
        return themeButton;
    }

    public Node root() {
        return root;
    }
}
