package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real charts on the test cluster's simulated pods: a store's provisioning must bring every
 * pod to Running and Ready without one Warning event, or tests that fail fast on Warning events
 * (ImagePullBackOff, FailedScheduling, ...) would fail healthy stores.
 */
@Timeout(120)
class RealChartsPodsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void aProvisionedStoreHasReadyPodsAndNoWarningEvents(String type) throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.stores().create(new NewStoreRequest("Pod Shop", "alice", "alice@example.com", type), "tester");
            fx.settle();
            Store ready = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, ready.status(), ready.lastError());

            List<Pod> pods = fx.api.client().pods().inNamespace(ready.namespace()).list().getItems();
            assertFalse(pods.isEmpty());
            for (Pod pod : pods) {
                String phase = pod.getStatus().getPhase();
                boolean readyPod = pod.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
                assertTrue(readyPod && phase.equals("Running") || phase.equals("Succeeded"),
                        pod.getMetadata().getName() + " is " + phase);
            }
            List<Event> warnings = fx.api.client().v1().events().inNamespace(ready.namespace()).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType())).toList();
            assertEquals(List.of(), warnings.stream().map(e -> e.getReason() + ": " + e.getMessage()).toList());
        }
    }
}
