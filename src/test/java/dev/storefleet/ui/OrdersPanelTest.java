package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.orders.OrderRow;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * The orders panel in the real main window (real services, Helm and fabric8 against the test
 * Kubernetes API; the stores' own APIs played in memory): an operator selects a READY store,
 * places a test order, sees it listed, verifies the store and sees the result; a FAILED store is
 * refused in words.
 */
class OrdersPanelTest extends ShownConsoleTest {
    @Test
    void aReadyStoreTakesATestOrderAndIsVerifiedFromThePanel() {
        createThroughForm("Order Shop", "olga");
        awaitStatusShown("Order Shop", StoreStatus.READY);
        push(KeyCode.ESCAPE); // the form closed: the details panel has the room the form took
        assertFalse(shownInWindow("#ordersTab"), "no store selected, no details panel");
        select("Order Shop");
        clickOn("#ordersTab");
        await("the (empty) orders of the store", SETTLE, () -> text("#ordersPlaceholder").startsWith("No orders yet"),
                () -> "the placeholder reads '" + text("#ordersPlaceholder") + "'");
        assertTrue(text("#lastVerificationLabel").startsWith("Not verified yet."), text("#lastVerificationLabel"));

        clickOn("#orderQuantitySpinner .increment-arrow-button");
        await("the placing to be possible", SETTLE, () -> enabled("#placeOrderButton"));
        clickOn("#placeOrderButton");
        await("the order in the orders table", SETTLE, () -> orders().size() == 1);
        OrderRow placed = orders().get(0);
        assertEquals("#1000", placed.number());
        assertEquals("24.00 USD", placed.total(), "2 pieces at 12.00");
        assertEquals("pending", placed.status());
        assertEquals(List.of("list Order Shop", "place Order Shop x2", "list Order Shop"), fx.storeOrders.calls);
        assertEquals("Test order #1000 placed: 2 pieces, 24.00 USD, pending.", text("#ordersStatus"));
        assertTrue(fx.audited.stream().anyMatch(e -> e.action() == ActionType.ORDER_PLACED
                && "ui-tester".equals(e.actor())), "the order is audited as the operator's");

        await("Verify to be possible", SETTLE, () -> enabled("#verifyStoreButton"));
        clickOn("#verifyStoreButton");
        await("the verification's result", SETTLE, () -> text("#lastVerificationLabel").startsWith("✔  Passed on "),
                () -> "it reads '" + text("#lastVerificationLabel") + "'; status '" + text("#ordersStatus") + "', error '"
                        + text("#ordersError") + "', calls " + fx.storeOrders.calls);
        assertTrue(text("#lastVerificationLabel").endsWith("order #1001 (id o-2) placed and listed"),
                text("#lastVerificationLabel"));
        await("the verification's order in the table", SETTLE, () -> orders().size() == 2);

        // Ctrl+O places another test order (of the quantity shown); a refusal by the store is told in words.
        fx.storeOrders.failNext = new StoreApiException(StoreApiException.Step.CHECKOUT_REFUSED,
                "WooCommerce store 'Order Shop', creating an order (cash on delivery): HTTP 400 \"out of stock\".");
        await("placing to be possible again", SETTLE, () -> enabled("#placeOrderButton"));
        press(KeyCode.CONTROL, KeyCode.O).release(KeyCode.O, KeyCode.CONTROL);
        await("the refusal in words", SETTLE, () -> shown("#ordersError"));
        assertEquals("The test order was not placed. WooCommerce store 'Order Shop', creating an order (cash on"
                + " delivery): HTTP 400 \"out of stock\". Check the store's stock, shipping and payment settings in its"
                + " admin, or try a smaller quantity.", text("#ordersError"));
        assertEquals(2, orders().size());
    }

    @Test
    void aFailedStoreIsRefusedInWords() {
        fx.api.failNext("POST", "/deployments$", 500, 1);
        createThroughForm("Broken Shop", "bruno");
        awaitStatusShown("Broken Shop", StoreStatus.FAILED);
        select("Broken Shop");
        clickOn("#ordersTab");

        assertEquals("Orders are available once the store is READY; 'Broken Shop' is failed.",
                text("#ordersPlaceholder"));
        assertTrue(onFx(() -> lookup("#ordersPlaceholder").query().isVisible()), "the words are on screen");
        for (String button : List.of("#refreshOrdersButton", "#placeOrderButton", "#verifyStoreButton")) {
            assertFalse(enabled(button), button + " is off for a failed store");
        }
        assertTrue(onFx(() -> lookup("#orderQuantitySpinner").query().isDisabled()));
        assertTrue(orders().isEmpty());
        assertTrue(fx.storeOrders.calls.isEmpty(), "the store's API was never called");
        assertFalse(shown("#ordersError"));
    }

    private boolean enabled(String id) {
        return onFx(() -> !lookup(id).queryAs(Button.class).isDisabled());
    }

    private boolean shown(String id) {
        return onFx(() -> {
            Node node = lookup(id).query();
            return node.isVisible() && node.getScene() != null && node instanceof Label l && !l.getText().isEmpty();
        });
    }

    private List<OrderRow> orders() {
        return tableItems("#ordersTable");
    }
}
