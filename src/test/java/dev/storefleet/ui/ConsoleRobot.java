package dev.storefleet.ui;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What an operator does with the console, as a robot: fills the form, picks a row, presses the
 * toolbar buttons, answers the confirmation. Reads what the window shows on the FX thread.
 */
class ConsoleRobot extends FxRobot {
    static final Duration SETTLE = Duration.ofSeconds(30);

    static {
        // Monocle's headless screen is 1280×800 unless told: room for the window at 1366×768 and
        // at 1920×1080. Read when the toolkit starts, which every UI test does after this.
        System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1920x1200-32"));
    }

    /** Types a new store into the form (opened by New store if it is closed) and presses Create, as an operator would. */
    void createThroughForm(String name, String owner) {
        openNewStoreForm();
        interact(() -> {
            lookup("#storeNameField").queryAs(TextField.class).clear();
            lookup("#ownerField").queryAs(TextField.class).clear();
        });
        clickOn("#storeNameField").write(name);
        clickOn("#ownerField").write(owner);
        await("the Create button to be enabled for '" + name + "'", SETTLE,
                () -> !onFx(() -> lookup("#createStoreButton").queryAs(Button.class).isDisabled()));
        clickOn("#createStoreButton");
    }

    /** Opens the new-store panel with its button, unless it is open. */
    void openNewStoreForm() {
        if (lookup("#storeNameField").tryQuery().isEmpty()) {
            clickOn("#newStoreButton");
            await("the new-store form", SETTLE, () -> lookup("#storeNameField").tryQuery().isPresent());
        }
    }

    /** Whether the node is in the window and it and every parent are visible. */
    boolean shownInWindow(String id) {
        return onFx(() -> {
            var node = lookup(id).tryQuery();
            if (node.isEmpty() || node.get().getScene() == null) {
                return false;
            }
            for (Node n = node.get(); n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The table row showing the store named {@code name}, if it is on screen. */
    Optional<TableRow<?>> row(String name) {
        return onFx(() -> findRow(name));
    }

    private Optional<TableRow<?>> findRow(String name) {
        return lookup(".table-row-cell").<TableRow<?>>match(r -> r.getItem() instanceof StoreRow s
                && s.store().name().equals(name)).tryQuery();
    }

    /** The text of the named column's cell in the store's row, as drawn ("" when not shown). */
    String cell(String name, String column) {
        return onFx(() -> findRow(name).flatMap(r -> r.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && column.equals(c.getTableColumn().getText()))
                .map(n -> (TableCell<?, ?>) n)
                .map(c -> c.getText() != null ? c.getText()
                        : c.getGraphic() instanceof Labeled l ? l.getText() : "")
                .findFirst()).orElse(""));
    }

    /** Waits until the store's Status cell reads {@code status}, as the table draws it. */
    void awaitStatusShown(String name, StoreStatus status) {
        String expected = status.label();
        await("store '" + name + "' to be shown as " + expected, SETTLE,
                () -> cell(name, "Status").endsWith(expected),
                () -> "its Status cell reads '" + cell(name, "Status") + "'");
    }

    void select(String name) {
        await("store '" + name + "' to be in the table", SETTLE, () -> row(name).isPresent());
        clickOn(row(name).orElseThrow());
    }

    /** Presses OK in the confirmation dialog that is open. */
    void confirm() {
        await("a confirmation dialog", SETTLE, () -> lookup(".dialog-pane").tryQuery().isPresent());
        Node ok = lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.OK);
        clickOn(ok);
    }

    String text(String id) {
        return onFx(() -> {
            Node node = lookup(id).query();
            return node instanceof javafx.scene.control.TextInputControl f ? f.getText() : node instanceof Labeled l ? l.getText() : node.toString();
        });
    }

    /** The rows the table {@code id} holds now, top to bottom. */
    <T> List<T> tableItems(String id) {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<T> table = lookup(id).queryAs(TableView.class);
            return List.copyOf(table.getItems());
        });
    }

    /** Runs {@code read} on the FX thread and returns what it read. */
    static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("reading the window on the FX thread failed", e);
        }
    }

    static void await(String what, Duration timeout, Callable<Boolean> condition) {
        await(what, timeout, condition, () -> "");
    }

    /** Waits (polling, no fixed sleep) for {@code condition}; on timeout says what it waited for and what it saw. */
    static void await(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> seen) {
        try {
            WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, condition);
        } catch (TimeoutException e) {
            String detail = seen.get();
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                    + (detail.isEmpty() ? "" : "; " + detail));
        }
    }
}
