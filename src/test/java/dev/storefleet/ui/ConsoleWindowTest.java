package dev.storefleet.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.viewmodel.activity.FeedRow;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * The real main window, driven by a robot, against the test Kubernetes API through the real
 * Helm and fabric8 adapters: what an operator sees when creating, failing, retrying and
 * deleting stores, and the counters and activity that follow.
 */
class ConsoleWindowTest extends ShownConsoleTest {
    @Test
    void storeCreatedInTheFormIsShownReadyWithItsUrl() {
        createThroughForm("Corner Shop", "alice");

        await("the form to say the store was created", SETTLE, () -> text("#formMessage").contains("created"));
        assertEquals("Store 'Corner Shop' created; provisioning namespace store-corner-shop.", text("#formMessage"));
        assertEquals("", text("#storeNameField"), "the name is cleared for the next store");
        awaitStatusShown("Corner Shop", StoreStatus.READY);
        assertEquals("http://corner-shop.stores.test", cell("Corner Shop", "URL"));
        assertEquals("1", cell("Corner Shop", "Rev"));
        assertEquals("", cell("Corner Shop", "Progress"), "no step is shown once the store is ready");
        assertTrue(fx.api.client().namespaces().withName("store-corner-shop").get() != null);
    }

    @Test
    void duplicateNameAndOwnerQuotaAreRefusedInTheForm() {
        createThroughForm("Dup Shop", "bob");
        await("'Dup Shop' in the table", SETTLE, () -> row("Dup Shop").isPresent());

        createThroughForm("Dup Shop", "carol");
        await("the duplicate name to be refused", SETTLE, () -> !text("#formError").isEmpty());
        assertTrue(text("#formError").startsWith("A store named 'Dup Shop' already exists."), text("#formError"));
        assertTrue(onFx(() -> lookup("#formError").query().isVisible()), "the refusal is shown under Create");

        createThroughForm("Bob Two", "bob");
        await("'Bob Two' in the table", SETTLE, () -> row("Bob Two").isPresent());
        createThroughForm("Bob Three", "bob");
        await("'Bob Three' in the table", SETTLE, () -> row("Bob Three").isPresent());
        createThroughForm("Bob Four", "bob");
        await("the fourth store of bob to be refused", SETTLE, () -> !text("#formError").isEmpty());
        assertEquals("Owner 'bob' already has 3 stores, the most one owner may have."
                + " Delete one of them before creating another.", text("#formError"));

        assertEquals("Bob Four", text("#storeNameField"), "a refused name stays in the form to be changed");
        assertTrue(row("Bob Four").isEmpty(), "nothing was created");
        assertEquals(3, onFx(() -> lookup("#storeTable").queryAs(TableView.class).getItems().size()));
        assertEquals("", text("#errorBanner"), "form refusals stay in the form, not the banner");
    }

    @Test
    void failedStoreIsRetriedFromTheToolbarAndTheCountersFollow() {
        fx.api.failNext("POST", "/deployments$", 500, 1);
        createThroughForm("Retry Shop", "dave");

        awaitStatusShown("Retry Shop", StoreStatus.FAILED);
        select("Retry Shop");
        await("the last error in the details", SETTLE,
                () -> text("#lastErrorText").startsWith("installing release store-retry-shop in namespace store-retry-shop"),
                () -> "it reads '" + text("#lastErrorText") + "'");
        StoreMetrics failed = fx.app().metrics().snapshot();
        assertEquals(1, failed.failureCount());
        assertEquals(1, failed.provisioningCount());
        assertEquals(0, failed.retryCount());

        clickOn("#retryButton");
        awaitStatusShown("Retry Shop", StoreStatus.READY);
        await("the details to clear the error", SETTLE, () -> text("#lastErrorText").equals("No error."),
                () -> "it reads '" + text("#lastErrorText") + "'");

        StoreMetrics after = fx.app().metrics().snapshot();
        assertEquals(1, after.activeStores());
        assertEquals(2, after.provisioningCount(), "the first attempt and the retry");
        assertEquals(1, after.failureCount());
        assertEquals(1, after.retryCount());
        assertEquals(1, after.timeToReady().count());
        assertEquals(List.of(ActionType.CREATE, ActionType.PROVISION_STARTED, ActionType.PROVISION_FAILED,
                ActionType.RETRY, ActionType.PROVISION_STARTED, ActionType.PROVISION_SUCCEEDED), actions("Retry Shop"));
        AuditEvent retry = fx.audited.stream().filter(e -> e.action() == ActionType.RETRY).findFirst().orElseThrow();
        assertEquals("ui-tester", retry.actor(), "the activity names who pressed Retry");
        assertPanelsShown();
        clickOn("#navStores");

        // What the operator sees: the metrics counters and the activity feed, live.
        await("the counters to follow", SETTLE, () -> text("#failureCount").equals("1")
                && text("#retryCount").equals("1") && text("#provisioningCount").equals("2")
                && text("#activeStores").equals("1"),
                () -> "failures " + text("#failureCount") + ", retries " + text("#retryCount") + ", provisionings "
                        + text("#provisioningCount") + ", active " + text("#activeStores"));
        await("the activity feed to show the retry and the failure", SETTLE, () -> feed().stream().anyMatch(r ->
                r.action().equals("retry") && r.actor().equals("ui-tester") && r.store().equals("Retry Shop"))
                && feed().stream().anyMatch(r -> r.action().equals("provision failed") && r.failed()));
        assertEquals("provision succeeded", feed().get(0).action(), "newest first");
    }

    /** The rows the activity feed shows, newest first. */
    private List<FeedRow> feed() {
        return tableItems("#activityFeed");
    }

    @Test
    void storeIsDeletedAfterConfirmationAndLeavesTheTableAndTheCluster() {
        createThroughForm("Gone Shop", "erin");
        awaitStatusShown("Gone Shop", StoreStatus.READY);
        assertEquals(1, fx.app().metrics().snapshot().activeStores());

        select("Gone Shop");
        clickOn("#deleteButton");
        confirm();

        await("'Gone Shop' to leave the table", SETTLE, () -> row("Gone Shop").isEmpty());
        await("namespace store-gone-shop to leave the cluster", SETTLE,
                () -> fx.api.client().namespaces().withName("store-gone-shop").get() == null);
        assertNull(fx.api.client().namespaces().withName("store-gone-shop").get());
        assertEquals(0, fx.app().metrics().snapshot().activeStores());
        await("the active-stores counter to drop to 0", SETTLE, () -> text("#activeStores").equals("0"));
        assertTrue(!shownInWindow("#detailsPanel"), "the details panel closed with its store");
        await("the activity feed to show the delete", SETTLE,
                () -> feed().stream().anyMatch(r -> r.action().equals("deleted") && r.store().equals("Gone Shop")));
        assertTrue(actions("Gone Shop").containsAll(List.of(ActionType.DELETE, ActionType.DELETED)),
                actions("Gone Shop").toString());
        assertEquals("No stores yet. Create one with New store (Ctrl+N).",
                onFx(() -> ((javafx.scene.control.Label) lookup("#storeTable").queryAs(TableView.class).getPlaceholder())
                        .getText()));
    }

    /** The store's audit rows as the activity feed receives them, oldest first. */
    private List<ActionType> actions(String store) {
        return fx.audited.stream().filter(e -> store.equals(e.storeName())).map(AuditEvent::action).toList();
    }

    /** The metrics panel and activity feed have their pages in the window (their content: see the VM tests). */
    private void assertPanelsShown() {
        for (String[] page : List.of(new String[] {"#navMetrics", "#metricsPanel"},
                new String[] {"#navActivity", "#activityFeed"})) {
            String id = page[1];
            clickOn(page[0]);
            Node panel = lookup(id).query();
            assertTrue(onFx(() -> panel.isVisible() && panel.getScene() != null
                    && panel.getLayoutBounds().getWidth() > 0), id + " is laid out in the window");
        }
    }
}
