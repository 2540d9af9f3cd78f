package dev.storefleet.ui;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Every dialog of the console goes through here: owned by the main window (so it opens over it,
 * in its theme, and closes with it), modal to that window, and on the FX thread. Views say what
 * to ask; this decides how a dialog is made and shown.
 */
public final class DialogService {
    private final Supplier<Window> owner;
    private final Supplier<List<String>> stylesheets;

    /** @param owner the main window (null while it is not shown) */
    public DialogService(Supplier<Window> owner) {
        this.owner = Objects.requireNonNull(owner);
        this.stylesheets = () -> {
            Window window = owner.get();
            Scene scene = window == null ? null : window.getScene();
            return scene == null ? List.of() : List.copyOf(scene.getStylesheets());
        };
    }

    /** What a confirmation asks. {@code items}: the things it is about, listed under the text (may be empty). */
    public record Confirmation(String title, String header, String text, List<String> items, String confirmText,
            boolean dangerous) {
        public Confirmation {
            items = List.copyOf(items);
        }
    }

    /** Asks and waits for the answer (a nested event loop: the window keeps drawing); true for OK. */
    public boolean confirm(Confirmation question) {
        requireFxThread();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question.text(), ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle(question.title());
        alert.setHeaderText(question.header());
        if (!question.items().isEmpty()) {
            Label text = new Label(question.text());
            text.setWrapText(true);
            ListView<String> items = new ListView<>();
            items.setId("confirmItems");
            items.getItems().setAll(question.items());
            items.setPrefHeight(Math.min(12, question.items().size()) * 26 + 4);
            items.setFocusTraversable(false);
            VBox content = new VBox(8, text, items);
            content.setPadding(new Insets(10, 0, 0, 0));
            content.setPrefWidth(460);
            alert.getDialogPane().setContent(content);
        }
        Button ok = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText(question.confirmText());
        if (question.dangerous()) {
            ok.getStyleClass().add("danger");
            // A dangerous answer is never the one Enter gives by accident.
            ok.setDefaultButton(false);
            ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        }
        return showAndWait(alert).filter(ButtonType.OK::equals).isPresent();
    }

    /** Tells something without waiting for it to be read. */
    public void inform(String header, String text) {
        requireFxThread();
        Alert info = new Alert(Alert.AlertType.INFORMATION, text);
        info.setHeaderText(header);
        prepare(info);
        info.show();
    }

    /** Shows a dialog a view built (its content) and waits for its result. */
    public <T> Optional<T> showAndWait(Dialog<T> dialog) {
        requireFxThread();
        prepare(dialog);
        return dialog.showAndWait();
    }

    /** Runs {@code show} on the FX thread: for a dialog whose content arrives from the background. */
    public void later(Runnable show) {
        if (Platform.isFxApplicationThread()) {
            show.run();
        } else {
            Platform.runLater(show);
        }
    }

    private void prepare(Dialog<?> dialog) {
        Window window = owner.get();
        if (window != null && dialog.getOwner() == null) {
            dialog.initOwner(window);
        }
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.getDialogPane().getStylesheets().setAll(stylesheets.get());
        dialog.getDialogPane().setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE); // not cut to a default size
        dialog.setResizable(true);
    }

    private static void requireFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("dialogs are shown on the FX thread; use DialogService.later");
        }
    }
}
