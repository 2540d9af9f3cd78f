package dev.storefleet.ui.storetable;

import dev.storefleet.viewmodel.storetable.StoreRow;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * Sizes the store table's columns to what they show: each as wide as its widest cell or its
 * header (so "WooCommerce" and a store's URL read whole), and the flexible column takes what the
 * table has left. Wider than the table, the table scrolls sideways. Refitted when rows come or go
 * (not on every status change: the columns whose words change with the status are sized for
 * every word they can show), a short while after the last change, so a load of 1,000 rows
 * measures once.
 */
final class ColumnFitter {
    /** A cell's padding and its border, on both sides. */
    private static final double CELL_PADDING = 22;
    /** A header's sort arrow and its padding. */
    private static final double HEADER_EXTRA = 30;
    private static final double MAX_WIDTH = 420;
    private static final double FLEX_MIN = 130;
    /** The vertical scroll bar and the column menu button. */
    private static final double SCROLL_BAR = 18;

    private final TableView<StoreRow> table;
    private final List<StoreColumns.Fitted> columns;
    private final TableColumn<StoreRow, ?> flexible;
    private final PauseTransition settle = new PauseTransition(Duration.millis(250));
    private final Text probe = new Text();

    ColumnFitter(TableView<StoreRow> table, StoreColumns columns) {
        this.table = table;
        this.columns = columns.fitted();
        this.flexible = columns.flexible();
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        settle.setOnFinished(e -> fit());
        table.getItems().addListener((ListChangeListener<StoreRow>) c -> settle.playFromStart());
        table.widthProperty().addListener((o, a, b) -> fillWidth());
        for (StoreColumns.Fitted f : this.columns) {
            f.column().visibleProperty().addListener((o, a, b) -> fillWidth());
            if (f.column() != flexible) {
                f.column().widthProperty().addListener((o, a, b) -> fillWidth());
            }
        }
        table.skinProperty().addListener((o, a, b) -> fit()); // once the cells, and so their font, exist
        fit();
    }

    /** Every column to its content, then the flexible one to the rest. */
    void fit() {
        Font font = cellFont();
        Font bold = Font.font(font.getFamily(), FontWeight.BOLD, font.getSize());
        List<StoreRow> rows = List.copyOf(table.getItems());
        for (StoreColumns.Fitted f : columns) {
            double widest = width(f.column().getText(), bold) + HEADER_EXTRA;
            for (String text : f.texts().apply(rows)) {
                widest = Math.max(widest, width(text, f.bold() ? bold : font) + CELL_PADDING + f.extra());
            }
            double fitted = Math.ceil(Math.min(MAX_WIDTH, widest));
            f.column().setMinWidth(Math.min(fitted, 60));
            if (f.column() == flexible) {
                f.column().setUserData(fitted);
            } else {
                f.column().setPrefWidth(fitted);
            }
        }
        fillWidth();
    }

    /** The flexible column: at least its content, else what the others leave. */
    private void fillWidth() {
        if (!flexible.isVisible()) {
            return;
        }
        double others = 0;
        for (StoreColumns.Fitted f : columns) {
            if (f.column() != flexible && f.column().isVisible()) {
                others += f.column().getWidth();
            }
        }
        double content = flexible.getUserData() instanceof Double d ? d : FLEX_MIN;
        double left = table.getWidth() - others - SCROLL_BAR - table.snappedLeftInset() - table.snappedRightInset();
        flexible.setPrefWidth(Math.floor(Math.max(Math.max(FLEX_MIN, content), left)));
    }

    private double width(String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        probe.setFont(font);
        probe.setText(text);
        return probe.getLayoutBounds().getWidth();
    }

    /** The font the theme gives table cells (a cell once drawn), else the default one. */
    private Font cellFont() {
        Node cell = table.lookup(".table-row-cell .table-cell");
        return cell instanceof Labeled labeled ? labeled.getFont() : Font.getDefault();
    }
}
