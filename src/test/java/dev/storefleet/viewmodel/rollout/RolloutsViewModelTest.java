package dev.storefleet.viewmodel.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rollouts page's view-model over the real services and the real rollout engine (H2 file, fake
 * cluster): the plan form's errors in place, the plan's preview as the engine cuts it, a started
 * rollout followed live to its end, and pause, resume and abort.
 */
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
        assertEquals("The gate timeout is a time such as 90s, 10m or 1h (at most 60 minutes).",
                form.gateTimeoutErrorProperty().get());
        assertEquals("", form.maxInFlightErrorProperty().get());
        assertEquals("", vm.errorProperty().get(), "the fields say it; nothing was sent");
        assertTrue(vm.planToConfirm().join().isEmpty());
        assertTrue(fx.app().rollouts().list().isEmpty());

        // What only the engine can judge comes back under the field it names.
        form.wavesProperty().set("100");
        form.canaryProperty().set("5");
        form.valuesProperty().set("woocommerce.currency=EUR");
        form.gateTimeoutProperty().set("5m");
        table.selectAllMatching();
        assertTrue(vm.planToConfirm().join().isEmpty());
        assertTrue(form.canaryErrorProperty().get().startsWith("canary must be at least 0 and fewer than the 5 stores"),
                form.canaryErrorProperty().get());
        assertEquals("", form.storesErrorProperty().get(), "fixed fields lose their error");

        form.canaryProperty().set("1");
        form.wavesProperty().set("25, 100");
        assertEquals(List.of("Canary: One", "Wave 1: Two", "Wave 2: Three, Four, Five"), vm.planToConfirm().join());
        assertEquals("", form.canaryErrorProperty().get());
    }

    @Test
    void thePlanPreviewShowsTheEnginesWavesAndWhatTheFirstStoreWouldGet() {
        PlanForm form = vm.form();
        form.scopeProperty().set(PlanForm.Scope.TYPE);
        form.typeProperty().set(StoreType.WOOCOMMERCE);
        form.canaryProperty().set("2");
        form.wavesProperty().set("100");
        form.valuesProperty().set("woocommerce:\n  currency: EUR\n");
        vm.previewPlanCommand().execute().join();
        assertEquals(List.of("Canary", "Wave 1"), vm.plannedWaves().stream().map(PlannedWaveRow::wave).toList());
        assertEquals(List.of("One", "Two"), vm.plannedWaves().get(0).stores());
        assertEquals("5 stores in 2 waves (canary: 2, wave 1: 3).", vm.planSummaryProperty().get());
        var preview = vm.preview();
        assertFalse(preview.loadingProperty().get());
        assertEquals("", preview.errorProperty().get());
        assertEquals("One", preview.previewProperty().get().storeName(), "the first store of the canary");
        assertEquals(List.of("woocommerce.currency"), preview.values().stream().map(c -> c.path()).toList());
        assertFalse(preview.objects().isEmpty(), "the release's objects the value changes");
        assertTrue(fx.app().rollouts().list().isEmpty(), "a preview starts nothing");
    }

    @Test
    void aStartedRolloutIsListedWithItsWavesAndFollowedLiveToItsEnd() throws Exception {
        table.select(List.of(row("One"), row("Two"), row("Three")));
        vm.form().valuesProperty().set("woocommerce.currency=EUR");
        vm.form().verifyProperty().set(false);
        vm.form().canaryProperty().set("1");
        vm.form().wavesProperty().set("100");
        vm.startCommand().execute().join();
        assertEquals("", vm.errorProperty().get());
        assertTrue(vm.noticeProperty().get().matches("Rollout #\\d+ started\\."), vm.noticeProperty().get());
        Rollout started = vm.selectedProperty().get();
        assertEquals(List.of(started.id()), vm.rollouts().stream().map(Rollout::id).toList());
        assertEquals(List.of("Canary", "Wave 1", "Wave 1"), vm.entries().stream().map(RolloutEntryRow::wave).toList());
        assertEquals(List.of("One", "Two", "Three"), vm.entries().stream().map(RolloutEntryRow::store).toList());

        Eventually.await("the rollout to pass, followed from the engine's events",
                () -> vm.selectedProperty().get().status() == RolloutStatus.PASSED);
        assertTrue(vm.progressProperty().get().startsWith("Rollout #" + started.id() + " passed"), vm.progressProperty().get());
        assertTrue(vm.progressProperty().get().endsWith("Canary: 1 passed · Wave 1: 2 passed"), vm.progressProperty().get());
        assertTrue(vm.entries().stream().allMatch(e -> e.revisions().equals("rev 1 → 2")), vm.entries().toString());
        assertFalse(vm.pauseCommand().executableProperty().get(), "a finished rollout cannot be paused");
        assertFalse(vm.abortCommand().executableProperty().get());
    }

    @Test
    void pauseResumeAndAbortAreFollowedWhereverTheyAreAsked() throws Exception {
        fx.cluster().slowDown(Duration.ofMillis(400)); // the upgrades take long enough to be paused in between
        table.select(List.of(row("One"), row("Two"), row("Three"), row("Four")));
        vm.form().valuesProperty().set("woocommerce.currency=EUR");
        vm.form().verifyProperty().set(false);
        vm.form().maxInFlightProperty().set("1");
        vm.startCommand().execute().join();
        long id = vm.selectedProperty().get().id();

        vm.pauseCommand().execute().join();
        assertEquals("", vm.errorProperty().get());
        assertEquals(RolloutStatus.PAUSED, vm.selectedProperty().get().status());
        assertTrue(vm.resumeCommand().executableProperty().get());
        assertFalse(vm.pauseCommand().executableProperty().get());
        // Resumed elsewhere (the REST API, another console's page): this page follows the engine's events.
        fx.app().rollouts().resume(id, "someone-else");
        Eventually.await("the resume seen", () -> vm.selectedProperty().get().status() != RolloutStatus.PAUSED);

        vm.abortCommand().execute().join();
        assertEquals("", vm.errorProperty().get());
        assertEquals(RolloutStatus.ABORTED, vm.selectedProperty().get().status());
        assertTrue(vm.progressProperty().get().startsWith("Rollout #" + id + " aborted"), vm.progressProperty().get());
        assertTrue(vm.reasonProperty().get().startsWith("aborted by ops"), vm.reasonProperty().get());
        assertFalse(vm.abortCommand().executableProperty().get(), "finished");
        vm.reload().join();
        assertEquals(RolloutStatus.ABORTED, vm.rollouts().get(0).status(), "as recorded");
    }

    private StoreRow row(String name) {
        return table.rows().stream().filter(r -> r.store().name().equals(name)).findFirst().orElseThrow();
    }
}
