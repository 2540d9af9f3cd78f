package dev.storefleet.ui;

import dev.storefleet.ui.header.ClusterHeader;
import dev.storefleet.ui.storeform.StoreFormView;
import dev.storefleet.ui.storetable.StoreTableView;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The console's window: header and error banner on top; the store form on the left; the store
 * table in the middle, with the selected store below it (Details, Orders); the metrics panel on
 * the right; the activity feed along the bottom.
 * Layout only: every panel binds to its own view-model.
 */
public final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final Label banner = new Label();
    private final SplitPane horizontal = new SplitPane();
    private final SplitPane vertical = new SplitPane();

    /** The window while the database opens (or failed to): title and banner only. */
    public static MainWindow starting(String message) {
        MainWindow window = new MainWindow();
        Label title = new Label("Storefleet");
        title.getStyleClass().add("title-3");
        VBox top = new VBox(title, window.banner);
        top.getStyleClass().add("header-bar");
        top.setStyle("-fx-padding: 10 14 10 14;");
        window.root.setTop(top);
        Label waiting = new Label(message);
        waiting.setId("startingMessage");
        window.root.setCenter(waiting);
        return window;
    }

    /** Shows a problem that stops the console from working (database, settings). */
    public void showStartupError(String message) {
        banner.textProperty().unbind();
        banner.setText(message);
        banner.setVisible(true);
        if (root.getCenter() instanceof Label waiting) {
            waiting.setText("The console cannot work until this is fixed.");
        }
    }

    public MainWindow() {
        banner.setId("errorBanner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.managedProperty().bind(banner.visibleProperty());
        banner.setVisible(false);
    }

    /**
     * The full console.
     *
     * @param problems what the banner shows, most important first (the first non-empty wins)
     */
    public MainWindow assemble(ClusterHeader header, StoreFormView form, StoreTableView table, Node metrics,
            Node activity, ObservableStringValue... problems) {
        banner.textProperty().bind(Bindings.createStringBinding(() -> {
            for (ObservableStringValue problem : problems) {
                if (problem.get() != null && !problem.get().isEmpty()) {
                    return problem.get();
                }
            }
            return "";
        }, problems));
        banner.visibleProperty().bind(banner.textProperty().isNotEmpty());
        root.setTop(new VBox(header.root(), banner));

        ScrollPane formScroll = new ScrollPane(form.root());
        formScroll.setFitToWidth(true);
        formScroll.setMinWidth(230);
        // The metrics panel scrolls by itself.
        if (metrics instanceof javafx.scene.layout.Region region) {
            region.setMinWidth(240);
        }
        horizontal.getItems().setAll(formScroll, table.root(), metrics);
        horizontal.setDividerPositions(0.19, 0.765);
        SplitPane.setResizableWithParent(formScroll, false);
        SplitPane.setResizableWithParent(metrics, false);
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().setAll(horizontal, activity);
        vertical.setDividerPositions(0.7);
        root.setCenter(vertical);
        return this;
    }

    public SplitPane horizontalSplit() {
        return horizontal;
    }

    public SplitPane verticalSplit() {
        return vertical;
    }

    public Parent root() {
        return root;
    }
}
