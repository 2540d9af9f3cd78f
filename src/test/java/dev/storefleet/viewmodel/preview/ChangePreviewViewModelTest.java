package dev.storefleet.viewmodel.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.viewmodel.TestThreads;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The change preview the upgrade, rollback and rollout views share: what it shows, cancel, and failures in words. */
class ChangePreviewViewModelTest {
    static final String DEPLOYMENT_DIFF = """
            --- Deployment/store-a-wordpress (revision 1)
            +++ Deployment/store-a-wordpress (upgrade)
            @@ -10,3 +10,3 @@
                     env:
            -          value: USD
            +          value: EUR
            """;

    static ChangePreview preview() {
        ValuesDiff values = new ValuesDiff(1, "woocommerce-0.1.0", 2, "woocommerce-0.2.0",
                List.of(new ValuesDiff.Change("woocommerce.currency", ValuesDiff.Kind.CHANGED, "USD", "EUR")));
        ManifestDiff manifests = new ManifestDiff(List.of(
                new ManifestDiff.ObjectChange("ConfigMap", "store-a-extra", ManifestDiff.Kind.ADDED, "+++ x\n+a: b\n"),
                new ManifestDiff.ObjectChange("Deployment", "store-a-wordpress", ManifestDiff.Kind.CHANGED, DEPLOYMENT_DIFF)));
        return new ChangePreview(7, "A", "woocommerce-0.1.0", "woocommerce-0.2.0", values, manifests, false);
    }

    @Test
    void showsChartsValuesObjectsAndTheFirstChangedObjectsDiffLineByLine() {
        ChangePreviewViewModel vm = new ChangePreviewViewModel(UiExecutors.direct());
        vm.load("upgrading 'A'", ChangePreviewViewModelTest::preview).join();
        assertEquals("Chart woocommerce-0.1.0 → woocommerce-0.2.0", vm.chartsProperty().get());
        assertEquals("1 value changes; objects: 1 added, 0 removed, 1 changed.", vm.summaryProperty().get());
        assertEquals(1, vm.values().size());
        assertEquals(2, vm.objects().size());
        assertEquals("store-a-wordpress", vm.pickedObjectProperty().get().name(), "the first changed object is shown");
        List<DiffLine.Kind> kinds = vm.diff().stream().map(DiffLine::kind).toList();
        assertEquals(List.of(DiffLine.Kind.HEADER, DiffLine.Kind.HEADER, DiffLine.Kind.HUNK, DiffLine.Kind.CONTEXT,
                DiffLine.Kind.REMOVED, DiffLine.Kind.ADDED), kinds);
        vm.pickedObjectProperty().set(vm.objects().get(0));
        assertEquals(List.of("+++ x", "+a: b"), vm.diff().stream().map(DiffLine::text).toList());
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void aFailureIsToldInWordsAndACancelledReadIsDropped() throws Exception {
        ChangePreviewViewModel direct = new ChangePreviewViewModel(UiExecutors.direct());
        direct.load("upgrading 'A'", () -> {
            throw new UnsupportedOperationException("upgrade preview: not built yet");
        }).join();
        assertTrue(direct.errorProperty().get().startsWith("What upgrading 'A' changes cannot be shown: "),
                direct.errorProperty().get());
        assertFalse(direct.loadingProperty().get());

        try (TestThreads threads = new TestThreads()) {
            CountDownLatch held = threads.hold();
            ChangePreviewViewModel vm = threads.onFx(() -> new ChangePreviewViewModel(threads.executors()));
            var loading = threads.onFx(() -> vm.load("upgrading 'A'", ChangePreviewViewModelTest::preview));
            assertTrue(threads.onFx(() -> vm.loadingProperty().get()));
            assertTrue(threads.onFx(() -> vm.cancelCommand().executableProperty().get()), "cancel while reading");
            threads.onFx(() -> vm.cancelCommand().execute());
            held.countDown();
            loading.join();
            assertNull(threads.onFx(() -> vm.previewProperty().get()), "the answer after the cancel is dropped");
            assertEquals("Preview cancelled: nothing was changed.", threads.onFx(() -> vm.summaryProperty().get()));
            assertFalse(threads.onFx(() -> vm.cancelCommand().executableProperty().get()));
        }
    }
}
