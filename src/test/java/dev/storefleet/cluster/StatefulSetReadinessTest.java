package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StatefulSet is ready when its controller has seen its newest spec and its pods run it, not
 * when it has as many ready pods as it wants: after an upgrade its old pods are still ready for a
 * while, and a store was declared READY before its database had rolled.
 */
@Timeout(60)
class StatefulSetReadinessTest {
    @TempDir
    Path dir;

    @Test
    void aChangedStatefulSetIsNotReadyUntilItsControllerRolledIt() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS,
                    Duration.ofSeconds(10));
            Store store = Store.accepted(new NewStoreRequest("Rolling Shop", "alice", null, null).validate(), Instant.now())
                    .withId(1);
            api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(store.namespace())
                    .endMetadata().build()).create();
            api.client().apps().statefulSets().inNamespace(store.namespace()).resource(database(store, "11.4")).create();
            awaitReady(adapters, store);

            api.neverReady("StatefulSet", "db"); // its controller does not get to the new spec
            StatefulSet changed = api.client().apps().statefulSets().inNamespace(store.namespace()).withName("db").get();
            changed.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("mariadb:11.8");
            api.client().apps().statefulSets().inNamespace(store.namespace()).resource(changed).update();
            assertEquals(List.of("statefulset db (its controller has not seen the new spec yet)"),
                    adapters.cluster().notReadyWorkloads(store), "3/3 old pods ready is not a finished upgrade");

            StatefulSet seen = api.client().apps().statefulSets().inNamespace(store.namespace()).withName("db").get();
            seen.getStatus().setObservedGeneration(seen.getMetadata().getGeneration());
            seen.getStatus().setUpdateRevision("db-2");
            seen.getStatus().setUpdatedReplicas(1);
            assertEquals(java.util.Optional.of("statefulset db (1/3 pods at revision db-2)"),
                    Fabric8StoreCluster.statefulSetWaitingFor(seen), "seen, but only one pod rolled");

            api.reset();
            api.client().apps().statefulSets().inNamespace(store.namespace()).withName("db").edit(s -> {
                s.getSpec().getTemplate().getMetadata().getLabels().put("rolled", "yes");
                return s;
            });
            awaitReady(adapters, store);
        }
    }

    private static void awaitReady(RealClusterAdapters adapters, Store store) {
        assertEquals(List.of(), Eventually.until(() -> adapters.cluster().notReadyWorkloads(store), List::isEmpty,
                Duration.ofSeconds(10)));
    }

    private static StatefulSet database(Store store, String tag) {
        return new StatefulSetBuilder().withNewMetadata().withName("db")
                .addToLabels(StoreLabels.INSTANCE, store.releaseName()).endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("db")
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec().addNewContainer().withName("mariadb").withImage("mariadb:" + tag).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
