package dev.storefleet.viewmodel.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreType;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Rollouts page's view-model over the real services (H2 file, fake cluster): the plan form and its preview. */
class RolloutsViewModelTest {
    @TempDir
    Path dir;
    ServiceFixture fx;
    StoreTableViewModel table;
    RolloutsViewModel vm;

    @BeforeEach
    void open() {
        fx = new ServiceFixture(dir);
        for (String name : List.of("One", "Two", "Three", "Four", "Five")) {
            fx.create(name, "owner-" + name.toLowerCase());
        }
        fx.settle();
        UiExecutors direct = UiExecutors.direct();
        table = new StoreTableViewModel(fx.stores(), fx.app().orders(), fx.app().inspection(), fx.app().health(),
                fx.app().events(), direct, "ops");
        table.load().join();
        vm = new RolloutsViewModel(fx.app().rollouts(), fx.stores(), table, direct, "ops", Runnable::run);
    }

    @AfterEach
    void close() {
        vm.dispose();
        table.dispose();
        fx.close();
    }

    @Test
    void fieldErrorsAreShownInPlaceAndNothingStarts() {
        PlanForm form = vm.form();
        form.wavesProperty().set("25, 90");
        form.canaryProperty().set("one");
        form.valuesProperty().set("a=1\na.b=2");
        form.gateTimeoutProperty().set("soon");
        vm.startCommand().execute().join();
        assertEquals("Select the stores in the Stores table first (shift/ctrl-click or Select all).",
                form.storesErrorProperty().get());
        assertEquals("The last wave is 100: every store is upgraded by the end.", form.wavesErrorProperty().get());
        assertEquals("The canary is a number of stores, 0 for none.", form.canaryErrorProperty().get());
        assertEquals("Line 2: 'a.b' goes below 'a', which an earlier line set to a value.", form.valuesErrorProperty().get());
        assertEquals("The gate timeout is a time such as 90s, 10m or 1h (at most 24h).", form.gateTimeoutErrorProperty().get());
        assertEquals("", form.maxInFlightErrorProperty().get());
        assertEquals("", vm.errorProperty().get(), "the fields say it; nothing was sent");
        assertTrue(vm.planToConfirm().isEmpty());

        form.wavesProperty().set("25, 100");
        form.canaryProperty().set("1");
        form.valuesProperty().set("woocommerce.currency=EUR");
        form.gateTimeoutProperty().set("5m");
        table.selectAllMatching();
        assertEquals(List.of("Canary: One", "Wave 1: Two", "Wave 2: Three, Four, Five"), vm.planToConfirm());
        assertEquals("", form.storesErrorProperty().get(), "fixed fields lose their error");
    }

    @Test
    void thePlanPreviewShowsTheWavesAndWhatTheFirstStoreWouldGet() {
        PlanForm form = vm.form();
        form.scopeProperty().set(PlanForm.Scope.TYPE);
        form.typeProperty().set(StoreType.WOOCOMMERCE);
        form.canaryProperty().set("2");
        form.wavesProperty().set("100");
        vm.previewPlanCommand().execute().join();
        assertEquals(List.of("Canary", "Wave 1"), vm.plannedWaves().stream().map(PlannedWaveRow::wave).toList());
        assertEquals(List.of("One", "Two"), vm.plannedWaves().get(0).stores());
        assertEquals("5 stores in 2 waves (canary: 2, wave 1: 3).", vm.planSummaryProperty().get());
        // The first store's preview: what the preview service says, or why it cannot, in words.
        var preview = vm.preview();
        assertFalse(preview.loadingProperty().get());
        if (preview.previewProperty().get() == null) {
            assertTrue(preview.errorProperty().get().startsWith("What upgrading 'One' (the first store) changes cannot be shown: "),
                    preview.errorProperty().get());
        } else {
            assertEquals("One", preview.previewProperty().get().storeName());
        }

        form.scopeProperty().set(PlanForm.Scope.OUTDATED);
        vm.previewPlanCommand().execute().join();
        assertTrue(form.storesErrorProperty().get().startsWith("No store is behind the bundled chart"),
                form.storesErrorProperty().get());
        assertTrue(vm.plannedWaves().isEmpty());
    }

    @Test
    void startingSaysInWordsWhatTheServiceAnswered() {
        table.select(List.of(row("One"), row("Two")));
        vm.startCommand().execute().join();
        if (vm.rollouts().isEmpty()) {
            assertTrue(vm.errorProperty().get().startsWith("The rollout did not start. "), vm.errorProperty().get());
            assertFalse(vm.errorProperty().get().contains("\tat "), "no stack trace");
        } else {
            assertTrue(vm.noticeProperty().get().startsWith("Rollout #"), vm.noticeProperty().get());
            assertEquals(vm.rollouts().get(0), vm.selectedProperty().get());
        }
    }

    private StoreRow row(String name) {
        return table.rows().stream().filter(r -> r.store().name().equals(name)).findFirst().orElseThrow();
    }
}
