package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suspend and resume on the real WooCommerce chart against the test Kubernetes API, whose
 * controllers remove the pods of a workload scaled to zero and start them again: every workload
 * of the release at zero with its count kept on it, the volumes kept, then the counts back and the
 * store READY once its pods are.
 */
@Timeout(180)
class SuspendOnClusterTest {
    private static final String NS = "store-night-shop";
    private static final String WORDPRESS = "store-night-shop-woocommerce-wordpress";

    @TempDir
    Path dir;

    @Test
    void workloadsGoToZeroKeepingTheirCountAndVolumesAndComeBackToIt() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Night Shop", "alice");
            fx.settle();
            Store ready = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
            KubernetesClient k8s = fx.api.client();
            // Scaled by hand to 2 (the chart says 1): a resume returns to what ran, not to the chart.
            k8s.apps().deployments().inNamespace(NS).withName(WORDPRESS).scale(2);
            Map<String, Integer> before = replicas(k8s);
            assertEquals(2, before.get("deployment/" + WORDPRESS), before.toString());
            int volumes = k8s.persistentVolumeClaims().inNamespace(NS).list().getItems().size();
            assertTrue(volumes > 0, "the chart's database keeps its data on a volume");
            assertFalse(pods(k8s).isEmpty());

            fx.stores().suspend(store.id(), "ops");
            fx.settle();
            Store suspended = fx.stores().get(store.id());
            assertEquals(StoreStatus.SUSPENDED, suspended.status(), suspended.lastError());
            Map<String, Integer> zero = new TreeMap<>(before);
            zero.replaceAll((name, n) -> 0);
            assertEquals(zero, replicas(k8s));
            for (HasMetadata workload : workloads(k8s)) {
                assertEquals(String.valueOf(before.get(key(workload))),
                        workload.getMetadata().getAnnotations().get(WorkloadScaler.SUSPENDED_REPLICAS), key(workload));
            }
            assertEquals(List.of(), pods(k8s), "no pod runs while suspended");
            assertEquals(volumes, k8s.persistentVolumeClaims().inNamespace(NS).list().getItems().size(), "volumes kept");
            assertEquals(ready.helmRevision(), suspended.helmRevision(), "a suspend is not a Helm revision");
            assertEquals(ready.helmRevision(), fx.stores().history(store.id()).size());

            fx.stores().resume(store.id(), "ops");
            fx.settle();
            Store resumed = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, resumed.status(), resumed.lastError());
            assertEquals(before, replicas(k8s), "each workload back to the replicas it had");
            for (HasMetadata workload : workloads(k8s)) {
                assertNull(workload.getMetadata().getAnnotations() == null ? null
                        : workload.getMetadata().getAnnotations().get(WorkloadScaler.SUSPENDED_REPLICAS));
            }
            assertEquals(2, pods(k8s).stream().filter(p -> p.startsWith(WORDPRESS)).count(), pods(k8s).toString());
        }
    }

    private static List<HasMetadata> workloads(KubernetesClient k8s) {
        List<HasMetadata> all = new ArrayList<>(k8s.apps().deployments().inNamespace(NS).list().getItems());
        all.addAll(k8s.apps().statefulSets().inNamespace(NS).list().getItems());
        return all;
    }

    private static Map<String, Integer> replicas(KubernetesClient k8s) {
        Map<String, Integer> counts = new TreeMap<>();
        for (HasMetadata workload : workloads(k8s)) {
            counts.put(key(workload), workload instanceof Deployment d ? d.getSpec().getReplicas()
                    : ((StatefulSet) workload).getSpec().getReplicas());
        }
        return counts;
    }

    private static String key(HasMetadata workload) {
        return (workload instanceof Deployment ? "deployment/" : "statefulset/") + workload.getMetadata().getName();
    }

    /** Names of the pods of the store's workloads (the setup Job's pods are not theirs). */
    private static List<String> pods(KubernetesClient k8s) {
        return k8s.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                        .noneMatch(o -> "Job".equals(o.getKind())))
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }
}
