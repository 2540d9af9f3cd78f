package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.testcluster.PodFault;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TableCell;
import org.junit.jupiter.api.Test;

/**
 * Health in the real main window, judged by the real fleet watch on the test Kubernetes API: the
 * Health column and the Details line of a store whose database crash-loops, the health filter,
 * the counters, and the ways out of drift, shown only for a store whose namespace was deleted
 * behind the console's back.
 */
class StoreHealthPanelTest extends ShownConsoleTest {

    @Test
    void aDegradedStoreIsShownSoAndOnlyDriftOffersReprovision() {
        await("the header to say the watch has not started", SETTLE, () -> shown("#fleetWatchStatus")
                && text("#fleetWatchStatus").equals("The fleet watch has not started"),
                () -> "it reads '" + text("#fleetWatchStatus") + "'");
        fx.app().startWatching(); // as the app does once reconciliation is done
        createThroughForm("Sick Shop", "sam");
        awaitStatusShown("Sick Shop", StoreStatus.READY);
        awaitHealthShown("Sick Shop", "healthy");
        await("the header to stop showing the watch once it sees the cluster", SETTLE,
                () -> !shown("#fleetWatchStatus"));

        PodFault crash = fx.api.crashLoop("^store-sick-shop-.*-db-0$", "mariadb", List.of("boom"));
        awaitHealthShown("Sick Shop", "degraded");
        assertTrue(healthCellClasses("Sick Shop").contains("health-degraded"), healthCellClasses("Sick Shop"));
        select("Sick Shop");
        String pod = "pod store-sick-shop-woocommerce-db-0, container mariadb: ";
        await("the Details line to say why", SETTLE, () -> text("#healthLine").startsWith(
                "Health: degraded — statefulset store-sick-shop-woocommerce-db: " + pod),
                () -> "it reads '" + text("#healthLine") + "'");
        assertFalse(shown("#reprovisionButton"), "degraded is not drift: upgrade or wait, no re-provision");
        assertFalse(shown("#removeRowButton"));
        await("the degraded counter", SETTLE, () -> text("#degradedStores").equals("1"),
                () -> "it reads " + text("#degradedStores"));

        pickHealthFilter(StoreHealth.State.HEALTHY);
        await("the filter to hide the degraded store", SETTLE, () -> row("Sick Shop").isEmpty());
        pickHealthFilter(StoreHealth.State.DEGRADED);
        await("the filter to show it again", SETTLE, () -> row("Sick Shop").isPresent());
        pickHealthFilter(null);
        select("Sick Shop"); // filtered out, the row lost its selection

        crash.lift();
        awaitHealthShown("Sick Shop", "healthy");
        await("the Details line healthy", SETTLE, () -> text("#healthLine").equals("Health: healthy"),
                () -> "it reads '" + text("#healthLine") + "'");

        fx.api.client().namespaces().withName("store-sick-shop").delete();
        awaitHealthShown("Sick Shop", "gone");
        await("the Details line to say it is gone", SETTLE, () -> text("#healthLine").startsWith(
                "Health: gone — namespace store-sick-shop is no longer on the cluster"),
                () -> "it reads '" + text("#healthLine") + "'");
        await("the ways out of drift", SETTLE, () -> shown("#reprovisionButton") && shown("#removeRowButton"));
        assertFalse(onFx(() -> lookup("#reprovisionButton").queryAs(Button.class).isDisabled()));
        await("the gone counter", SETTLE, () -> text("#goneStores").equals("1") && text("#degradedStores").equals("0"));

        clickOn("#reprovisionButton");
        awaitStatusShown("Sick Shop", StoreStatus.READY);
        awaitHealthShown("Sick Shop", "healthy");
        await("the ways out hidden again", SETTLE, () -> !shown("#reprovisionButton") && !shown("#removeRowButton"));
        assertTrue(fx.audited.stream().anyMatch(e -> e.action() == ActionType.REPROVISION
                && "ui-tester".equals(e.actor()) && "Sick Shop".equals(e.storeName())), "audited as the operator's");
        assertTrue(fx.api.client().namespaces().withName("store-sick-shop").get() != null, "installed again");
    }

    @Test
    void aStoreThatIsNotReadyHasNoHealthAndAGoneOneIsRemovedAfterConfirmation() {
        fx.app().startWatching();
        fx.api.failNext("POST", "/deployments$", 500, 1);
        createThroughForm("Broken Shop", "lou");
        awaitStatusShown("Broken Shop", StoreStatus.FAILED);
        assertEquals("—", cell("Broken Shop", "Health"), "only ready stores have health");
        select("Broken Shop");
        await("the Details line without health", SETTLE, () -> text("#healthLine").equals("Health: —"),
                () -> "it reads '" + text("#healthLine") + "'");
        assertFalse(shown("#removeRowButton"), "failed is not drift: the toolbar's Delete is the way");

        createThroughForm("Lost Shop", "lou");
        awaitStatusShown("Lost Shop", StoreStatus.READY);
        fx.api.client().namespaces().withName("store-lost-shop").delete();
        awaitHealthShown("Lost Shop", "gone");
        select("Lost Shop");
        await("the ways out of drift", SETTLE, () -> shown("#removeRowButton"));
        clickOn("#removeRowButton");
        await("a confirmation that says it is already gone", SETTLE, () -> lookup(".dialog-pane").tryQuery()
                .map(p -> ((javafx.scene.control.DialogPane) p).getContentText().startsWith(
                        "Remove store 'Lost Shop' from the console? Its namespace or release was already removed"))
                .orElse(false));
        confirm();
        await("'Lost Shop' to leave the table", SETTLE, () -> row("Lost Shop").isEmpty());
        assertEquals(List.of("Broken Shop"), fx.app().stores().list().stream().map(s -> s.name()).toList());
    }

    private void awaitHealthShown(String name, String health) {
        await("store '" + name + "' to be shown " + health, SETTLE, () -> cell(name, "Health").equals(health),
                () -> "its Health cell reads '" + cell(name, "Health") + "'");
    }

    private boolean shown(String id) {
        return onFx(() -> {
            Node node = lookup(id).query();
            for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            return true;
        });
    }

    private String healthCellClasses(String name) {
        return onFx(() -> row(name).orElseThrow().lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && "healthColumn".equals(c.getTableColumn().getId()))
                .findFirst().map(n -> n.getStyleClass().toString()).orElse(""));
    }

    @SuppressWarnings("unchecked")
    private void pickHealthFilter(StoreHealth.State state) {
        interact(() -> lookup("#healthFilter").queryAs(ChoiceBox.class).setValue(state));
    }
}
