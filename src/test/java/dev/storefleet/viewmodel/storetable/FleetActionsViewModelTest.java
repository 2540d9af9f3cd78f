package dev.storefleet.viewmodel.storetable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.viewmodel.UiExecutors;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 on the store table: bulk verify, upgrade and retry over the multi-selection (one
 * summary, a result per store), the chart columns' outdated judgement, and the upgrade
 * confirmation's preview, on the real services over an H2 file and the fake cluster.
 */
class FleetActionsViewModelTest {
    @TempDir
    Path dir;
    final FakeStoreOrders api = new FakeStoreOrders();
    ServiceFixture fx;
    StoreTableViewModel vm;

    @BeforeEach
    void open() {
        fx = new ServiceFixture(dir, api);
        fx.cluster().failNext(FakeCluster.Step.INSTALL, 1);
        fx.create("Broken", "zoe");
        fx.settle(); // the injected failure hits this store only
        fx.create("Alpha", "alice");
        fx.create("Beta", "bob");
        fx.settle();
        vm = new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(), fx.app().health(),
                fx.app().events(), UiExecutors.direct(), "ops");
        vm.load().join();
    }

    @AfterEach
    void close() {
        vm.dispose();
        fx.close();
    }

    @Test
    void bulkVerifyPlacesAnOrderInEachReadyStoreAndSaysEachResult() {
        vm.select(rows("Alpha", "Beta", "Broken"));
        assertTrue(vm.verifySelectedCommand().executableProperty().get());
        vm.verifySelectedCommand().execute().join();
        String summary = vm.bulkResultProperty().get();
        assertEquals("Verified 2 stores; 'Alpha' passed; 'Beta' passed; 'Broken' skipped (not possible in its state)",
                summary);
        assertTrue(api.calls.containsAll(List.of("place Alpha", "list Alpha", "place Beta", "list Beta")), api.calls.toString());
        assertTrue(fx.stores().list().stream().filter(s -> s.status() == StoreStatus.READY)
                .allMatch(s -> s.lastVerification() != null && s.lastVerification().ok()), "recorded on each store");

        api.hideFromList = true; // the stores lose the orders: each check fails, and says why
        vm.verifySelectedCommand().execute().join();
        String failed = vm.bulkResultProperty().get();
        assertTrue(failed.startsWith("Verified 2 stores; 'Alpha' failed: "), failed);
        assertTrue(failed.contains("'Beta' failed: "), failed);
        assertFalse(failed.contains("Exception"), "words, not a stack trace: " + failed);
    }

    @Test
    void bulkUpgradeAndRetryActOnTheStoresTheyMayAndSkipTheOthers() {
        vm.select(rows("Alpha", "Beta", "Broken"));
        assertTrue(vm.upgradeSelectedCommand().executableProperty().get());
        vm.upgradeSelectedCommand().execute().join();
        fx.settle();
        assertEquals("Upgrading 2 stores; 'Broken' skipped (not possible in its state)", vm.bulkResultProperty().get());
        assertEquals(2, store("Alpha").helmRevision());
        assertEquals(2, store("Beta").helmRevision());

        vm.retrySelectedCommand().execute().join();
        fx.settle();
        assertEquals("Retrying 1 store; 'Alpha' skipped (not possible in its state); 'Beta' skipped (not possible in its"
                + " state)", vm.bulkResultProperty().get());
        assertEquals(StoreStatus.READY, store("Broken").status());

        vm.select(rows("Alpha"));
        assertFalse(vm.retrySelectedCommand().executableProperty().get(), "nothing selected may be retried");
    }

    @Test
    void aStoreBehindTheBundledChartIsOutdatedUntilItIsUpgraded() throws Exception {
        assertEquals("", vm.errorProperty().get());
        assertEquals("woocommerce-0.1.0", store("Alpha").chart(), "recorded from the release when it became READY");
        assertFalse(rows("Alpha").get(0).outdated(), "at the bundled chart");
        // As a store that an older console deployed with its older chart.
        try (Connection c = fx.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE store SET chart = 'woocommerce-0.0.9', app_version = '6.7.0' WHERE name = 'Alpha'");
        }
        vm.load().join();
        vm.outdatedOnlyProperty().set(true);
        assertEquals(List.of("Alpha"), vm.rows().stream().map(r -> r.store().name()).toList());
        assertEquals("0.1.0", vm.rows().get(0).bundledVersion());

        vm.select(vm.rows());
        vm.upgradeSelectedCommand().execute().join();
        fx.settle();
        assertEquals("woocommerce-0.1.0", store("Alpha").chart());
        assertTrue(vm.rows().isEmpty(), "upgraded to the bundled chart: no longer outdated, gone from the filter");
        vm.outdatedOnlyProperty().set(false);
        assertEquals(3, vm.rows().size());
    }

    @Test
    void aStoreIsOutdatedWhenItsDeployedChartIsNotTheBundledOne() {
        StoreRow row = new StoreRow(withChart(store("Alpha"), "woocommerce-0.1.0"));
        assertFalse(row.outdated(), "the bundled version is not known yet");
        row.bundled("0.2.0");
        assertTrue(row.outdated());
        row.update(withChart(row.store(), "woocommerce-0.2.0"));
        assertFalse(row.outdated(), "upgraded to the bundled chart");
        row.update(withChart(row.store(), null));
        assertFalse(row.outdated(), "an unknown chart is not outdated");
    }

    @Test
    void theUpgradeConfirmationPreviewsThePickedStore() {
        vm.select(rows("Alpha", "Beta", "Broken"));
        UpgradeDialogViewModel dialog = vm.upgradeDialog(true);
        assertEquals(List.of("Alpha", "Beta"), dialog.names(), "only the stores the upgrade acts on");
        assertEquals("Alpha", dialog.previewedProperty().get());
        assertFalse(dialog.preview().loadingProperty().get());
        assertEquals("", dialog.preview().errorProperty().get());
        assertEquals("Alpha", dialog.preview().previewProperty().get().storeName());
        assertEquals("Chart woocommerce-0.1.0 (stays)", dialog.preview().chartsProperty().get());
        assertEquals("Already at the target: nothing changes.", dialog.preview().summaryProperty().get(),
                "the bundled chart and no values: the release renders the same");
        dialog.previewedProperty().set("Beta");
        assertEquals("", dialog.preview().errorProperty().get());
        assertEquals("Beta", dialog.preview().previewProperty().get().storeName(), "the picked store's preview");
    }

    private Store store(String name) {
        return fx.stores().list().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private List<StoreRow> rows(String... names) {
        return List.of(names).stream().map(n -> vm.rows().stream().filter(r -> r.store().name().equals(n)).findFirst()
                .orElseThrow()).toList();
    }

    private static Store withChart(Store s, String chart) {
        return new Store(s.id(), s.name(), s.slug(), StoreType.WOOCOMMERCE, s.owner(), s.email(), s.status(), s.namespace(),
                s.releaseName(), s.helmRevision(), s.url(), s.lastError(), s.createdAt(), Instant.now(),
                s.operationStartedAt(), s.lastVerification(), chart, chart == null ? null : "6.8.3");
    }
}
