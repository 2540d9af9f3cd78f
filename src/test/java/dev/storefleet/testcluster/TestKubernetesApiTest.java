package dev.storefleet.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fixture's cluster semantics and faults, through a fabric8 client. */
@Timeout(30)
class TestKubernetesApiTest {

    private TestKubernetesApi api;
    private KubernetesClient k;

    @BeforeEach
    void start() {
        api = new TestKubernetesApi();
        k = api.client();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static ConfigMap configMap(String ns, String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .addToData("k", "v").build();
    }

    private void createNamespace(String name) {
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    @Test
    void listsArePagedByLimitAndContinueAsTheApiServerPagesThem() {
        for (String ns : List.of("a", "a-b", "b")) { // "a-b" sorts between "a" and "b" by namespace, not by text
            createNamespace(ns);
            for (int i = 0; i < 3; i++) {
                k.configMaps().inNamespace(ns).resource(configMap(ns, "c" + i)).create();
            }
        }
        var first = k.configMaps().inAnyNamespace().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                .withLimit(4L).build());
        assertEquals(4, first.getItems().size());
        assertNotNull(first.getMetadata().getContinue(), "more to come");
        java.util.List<String> all = new java.util.ArrayList<>();
        first.getItems().forEach(c -> all.add(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
        String token = first.getMetadata().getContinue();
        while (token != null) {
            var page = k.configMaps().inAnyNamespace().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                    .withLimit(4L).withContinue(token).build());
            page.getItems().forEach(c -> all.add(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
            token = page.getMetadata().getContinue();
        }
        assertEquals(List.of("a/c0", "a/c1", "a/c2", "a-b/c0", "a-b/c1", "a-b/c2", "b/c0", "b/c1", "b/c2"), all,
                "every object once, in the unpaged list's order");
        assertEquals(all.size(), k.configMaps().inAnyNamespace().list().getItems().size());
        // An informer listing in pages (withLimit, as the fleet watch lists) gathers the same.
        try (var informer = k.configMaps().inAnyNamespace().withLimit(2L).inform()) {
            assertEquals(9, Eventually.until(() -> informer.getStore().list().size(), n -> n == 9));
        }
        assertTrue(api.requests().stream().anyMatch(r -> r.query().contains("continue=")), "it did page");
    }

    @Test
    void namespacesBehaveLikeARealCluster() throws InterruptedException {
        assertNotNull(k.namespaces().withName("default").get());
        assertNotNull(k.namespaces().withName("kube-system").get());

        var missing = assertThrows(KubernetesClientException.class,
                () -> k.configMaps().inNamespace("nope").resource(configMap("nope", "c")).create());
        assertEquals(404, missing.getCode());

        createNamespace("a");
        k.configMaps().inNamespace("a").resource(configMap("a", "c")).create();
        var twice = assertThrows(KubernetesClientException.class,
                () -> k.configMaps().inNamespace("a").resource(configMap("a", "c")).create());
        assertEquals(409, twice.getCode());
        assertEquals("AlreadyExists", twice.getStatus().getReason());
    }

    @Test
    void aDeletedNamespaceTerminatesForTheConfiguredDelayThenGoesWithItsObjects() throws InterruptedException {
        api.namespaceDeletionDelay(Duration.ofSeconds(3)); // wide enough for a loaded CI machine
        createNamespace("a");
        k.configMaps().inNamespace("a").resource(configMap("a", "c")).create();
        k.namespaces().withName("a").delete();

        Namespace ns = k.namespaces().withName("a").get();
        assertEquals("Terminating", ns.getStatus().getPhase());
        var forbidden = assertThrows(KubernetesClientException.class,
                () -> k.configMaps().inNamespace("a").resource(configMap("a", "d")).create());
        assertEquals(403, forbidden.getCode());

        assertNull(Eventually.until(() -> k.namespaces().withName("a").get(), n -> n == null), "namespace gone");
        assertNull(k.configMaps().inNamespace("a").withName("c").get());
    }

    @Test
    void aPvcIsBoundAfterTheReadinessDelay() throws InterruptedException {
        api.readyAfter(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        k.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        var first = k.persistentVolumeClaims().inNamespace("default").withName("data").get();
        if (System.nanoTime() - t0 < Duration.ofMillis(250).toNanos()) { // a loaded machine may take longer than the delay
            assertNull(first.getStatus(), "not bound before the readiness delay");
        }
        var bound = Eventually.until(() -> k.persistentVolumeClaims().inNamespace("default").withName("data").get(),
                p -> p.getStatus() != null && "Bound".equals(p.getStatus().getPhase()));
        assertEquals("Bound", bound.getStatus() == null ? null : bound.getStatus().getPhase());
        assertEquals("1Gi", bound.getStatus().getCapacity().get("storage").toString());
    }

    @Test
    void faultsApplyTheGivenNumberOfTimesAndAreLogged() {
        api.failNext("GET", "/configmaps/c$", 503, 2);
        k.configMaps().inNamespace("default").resource(configMap("default", "c")).create();

        for (int i = 0; i < 2; i++) {
            var e = assertThrows(KubernetesClientException.class, () -> k.configMaps().inNamespace("default").withName("c").get());
            assertEquals(503, e.getCode());
        }
        assertNotNull(k.configMaps().inNamespace("default").withName("c").get());

        // Two drops: the JDK HTTP client sends an idempotent request once more when its connection
        // was closed under it, so one dropped connection alone would go unseen.
        api.dropConnection("GET", "/configmaps/c$", 2);
        assertThrows(KubernetesClientException.class, () -> k.configMaps().inNamespace("default").withName("c").get());

        api.latency("/configmaps", Duration.ofMillis(300));
        long t0 = System.nanoTime();
        k.configMaps().inNamespace("default").withName("c").get();
        assertTrue(System.nanoTime() - t0 >= 300_000_000L);

        List<String> log = api.requests().stream().map(TestKubernetesApi.Request::toString).toList();
        assertTrue(log.contains("POST /api/v1/namespaces/default/configmaps"), log.toString());
        assertEquals(6, log.stream().filter(r -> r.equals("GET /api/v1/namespaces/default/configmaps/c")).count(), log.toString());

        api.reset();
        assertTrue(api.requests().isEmpty());
        assertNotNull(k.configMaps().inNamespace("default").withName("c").get());
    }

    @Test
    void fabric8WatchesSeeChanges() throws InterruptedException {
        CountDownLatch added = new CountDownLatch(1);
        try (var watch = k.configMaps().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                if (action == Action.ADDED && resource.getMetadata().getName().equals("w")) {
                    added.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            k.configMaps().inNamespace("default").resource(configMap("default", "w")).create();
            assertTrue(added.await(10, TimeUnit.SECONDS));
        }
    }
}
