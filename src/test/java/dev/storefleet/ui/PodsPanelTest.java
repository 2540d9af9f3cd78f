package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.pods.PodRow;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.Test;

/**
 * The Pods tab in the real main window (real services, Helm and fabric8 against the test
 * Kubernetes API and its kubelet): an operator opens it for a READY store, sees its pods, picks
 * the setup Job's pod and reads its log, follows the app's log as it grows, copies it, and
 * leaves the tab, which stops the follow.
 */
class PodsPanelTest extends ShownConsoleTest {

    @Test
    void theStoresPodsAndAFollowedLogThatStopsWhenTheTabIsLeft() {
        createThroughForm("Pod Shop", "pia");
        awaitStatusShown("Pod Shop", StoreStatus.READY);
        assertFalse(shownInWindow("#podsTab"), "no store selected, no details panel");
        select("Pod Shop");
        clickOn("#podsTab");
        await("the store's three pods in the table", SETTLE, () -> pods().size() == 3,
                () -> "the table holds " + pods());
        await("a pod picked and its log shown", SETTLE, () -> !logLines().isEmpty());

        String release = "store-pod-shop-woocommerce-";
        clickOn(podRow(release + "setup"));
        await("the setup Job's log", SETTLE, () -> !logLines().isEmpty() && logLines().get(0).startsWith(
                "setup started (image "), () -> "the log shows " + logLines());
        assertEquals("setup", onFx(() -> lookup("#containerChoice").queryAs(ChoiceBox.class).getValue()));
        assertTrue(text("#logStatus").startsWith("The whole log of container setup of pod " + release + "setup-"),
                text("#logStatus"));

        PodRow wordpress = pods().stream().filter(p -> p.name().startsWith(release + "wordpress")).findFirst()
                .orElseThrow();
        assertEquals("Running", wordpress.phase());
        assertEquals("1/1", wordpress.ready());
        clickOn(podRow(release + "wordpress"));
        await("the wordpress log", SETTLE, () -> text("#logStatus").contains(wordpress.name()));
        clickOn("#followLog");
        await("the follow open", SETTLE, () -> text("#logStatus").startsWith("Following the log of container"
                + " wordpress"), () -> "the status reads '" + text("#logStatus") + "'");
        fx.api.appendLog("store-pod-shop", wordpress.name(), "wordpress", "GET /shop/ 200 (from the test)");
        await("the new line in the log pane", SETTLE, () -> logLines().contains("GET /shop/ 200 (from the test)"));

        clickOn("#copyLog");
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertEquals(String.join("\n", logLines()), copied, "Copy takes the whole log shown");
        assertTrue(copied.endsWith("GET /shop/ 200 (from the test)"), copied);

        clickOn("#detailsTab");
        assertFalse(onFx(() -> lookup("#followLog").queryAs(ToggleButton.class).isSelected()),
                "leaving the tab stops the follow");
        fx.api.appendLog("store-pod-shop", wordpress.name(), "wordpress", "written while the tab is hidden");
        clickOn("#podsTab");
        assertFalse(logLines().contains("written while the tab is hidden"), "nothing followed while hidden");
        assertTrue(logLines().contains("GET /shop/ 200 (from the test)"), "what was shown stays");
    }

    private List<PodRow> pods() {
        return tableItems("#podsTable");
    }

    private List<String> logLines() {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            ListView<String> list = lookup("#logArea").queryAs(ListView.class);
            return List.copyOf(list.getItems());
        });
    }

    /**
     * The Pod cell of the pod's row, scrolled into view as an operator would (the row itself runs
     * on under the log pane when the table scrolls sideways: its middle is not the table's).
     */
    private javafx.scene.Node podRow(String prefix) {
        interact(() -> {
            @SuppressWarnings("unchecked")
            TableView<PodRow> table = lookup("#podsTable").queryAs(TableView.class);
            table.getItems().stream().filter(p -> p.name().startsWith(prefix)).findFirst().ifPresent(table::scrollTo);
        });
        await("a pod named " + prefix + "… on screen", SETTLE, () -> findPodRow(prefix).isPresent());
        return onFx(() -> findPodRow(prefix).orElseThrow().lookup(".table-cell"));
    }

    private Optional<TableRow<?>> findPodRow(String prefix) {
        return onFx(() -> lookup("#podsTable .table-row-cell").<TableRow<?>>match(r -> r.getItem() instanceof PodRow p
                && p.name().startsWith(prefix)).tryQuery());
    }
}
