package dev.storefleet.ui.controls;

import dev.storefleet.viewmodel.Command;
import atlantafx.base.theme.Styles;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/** Small builders the console's views share: command buttons, plain text columns, dense tables, show-when. */
public final class Controls {
    private Controls() {
    }

    /** A button that runs {@code command} and is off while the command cannot run. */
    public static Button commandButton(String text, String id, Command command, String tip) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> command.execute());
        return button;
    }

    /** A column of text read once from each row. */
    public static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    /**
     * A dense, striped table of fixed-height rows whose empty state is {@code placeholder} in
     * muted words (a view-model's "no pods yet", "loading…", or the error that kept it empty).
     */
    public static void denseTable(TableView<?> table, double rowHeight, String placeholderId,
            ObservableStringValue placeholder) {
        table.getStyleClass().addAll("dense", "striped");
        table.setFixedCellSize(rowHeight); // one height for every row keeps scrolling through many rows cheap
        table.setMinHeight(80);
        Label words = new Label();
        words.setId(placeholderId);
        words.setWrapText(true);
        words.getStyleClass().add(Styles.TEXT_MUTED);
        words.setPadding(new Insets(8, 12, 8, 12));
        words.textProperty().bind(placeholder);
        table.setPlaceholder(words);
    }

    /** The column's cells show their text, in the error colour when {@code bad} says so. */
    public static <T> void errorWhen(TableColumn<T, String> column, Predicate<String> bad) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                getStyleClass().remove("error-text");
                if (!empty && text != null && bad.test(text)) {
                    getStyleClass().add("error-text");
                }
            }
        });
    }

    /** Visible, and taking room, only while {@code condition} holds. */
    public static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    /** A one-way converter for pickers: how a value reads ({@code null}: the "all" choice). */
    public static <T> StringConverter<T> labels(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return label.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }

    public static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
