package dev.storefleet.ui;

import dev.storefleet.ui.header.ClusterHeader;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's window: header and error banner on top; the navigation down the left; the page
 * it picks (stores, activity, metrics) in the rest. Layout only: every panel binds to its own
 * view-model.
 */
public final class MainWindow {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);
    private final BorderPane root = new BorderPane();
    private final Label banner = new Label();

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
        waiting.setWrapText(true);
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

    /**
     * Replaces this starting window in {@code scene} by the console {@code build} makes. A failure
     * while building it (a view that cannot be made over what was read) is shown here in words,
     * with what to do next, rather than leaving "Opening…" on screen for ever.
     *
     * @param logFile where the details of a failure are, to name it in the words
     * @return the console, or null when it could not be built
     */
    public MainWindow replaceBy(Scene scene, Supplier<MainWindow> build, String logFile) {
        try {
            MainWindow console = build.get();
            scene.setRoot(console.root());
            return console;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The console window could not be built", e);
            String cause = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            showStartupError("The console window could not be built: " + cause + ". The stores and the cluster"
                    + " were not touched. Close the console and start it again; if this comes back, the details"
                    + " are in " + logFile + " (send them with the report).");
            return null;
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
    public MainWindow assemble(ClusterHeader header, Navigation navigation, ObservableStringValue... problems) {
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
        root.setLeft(navigation.sidebar());
        root.setCenter(navigation.pages());
        return this;
    }

    public Parent root() {
        return root;
    }
}
