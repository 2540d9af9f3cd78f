package dev.storefleet.testcluster;

import static dev.storefleet.testcluster.TestObjects.namespace;
import static dev.storefleet.testcluster.TestObjects.pods;
import static dev.storefleet.testcluster.TestObjects.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated controllers and kubelet make real Pods, and workload statuses follow them. */
@Timeout(60)
class SimulatedPodsTest {

    private static final String NS = "shop";

    private TestKubernetesApi api;
    private KubernetesClient k;

    @BeforeEach
    void start() {
        api = new TestKubernetesApi();
        k = api.client();
        namespace(k, NS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Deployment deploymentWhen(String name, java.util.function.Predicate<Deployment> done) {
        return Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName(name).get(), done);
    }

    private static int readyReplicas(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    @Test
    void aDeploymentsReplicaSetGetsRunningReadyPodsWithItsLabelsAndOwner() {
        k.resource(TestObjects.deployment(NS, "web", 2, "nginx:1.27", "busybox:1.36")).create();

        Deployment web = deploymentWhen("web", d -> readyReplicas(d) == 2);
        assertEquals(2, readyReplicas(web));
        assertEquals(2, web.getStatus().getAvailableReplicas());
        assertEquals(web.getMetadata().getGeneration(), web.getStatus().getObservedGeneration());
        ReplicaSet rs = k.apps().replicaSets().inNamespace(NS).list().getItems().get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        List<Pod> pods = pods(k, NS);
        assertEquals(2, pods.size());
        for (Pod pod : pods) {
            assertTrue(pod.getMetadata().getName().matches("web-" + hash + "-[a-z0-9]{5}"), pod.getMetadata().getName());
            assertEquals("web", pod.getMetadata().getLabels().get("app"));
            assertEquals("front", pod.getMetadata().getLabels().get("tier"));
            assertEquals(hash, pod.getMetadata().getLabels().get("pod-template-hash"));
            OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
            assertEquals(List.of("ReplicaSet", rs.getMetadata().getName(), rs.getMetadata().getUid(), true),
                    List.of(owner.getKind(), owner.getName(), owner.getUid(), owner.getController()));
            assertEquals("test-node", pod.getSpec().getNodeName());
            assertEquals("Running", pod.getStatus().getPhase());
            assertNotNull(pod.getStatus().getStartTime());
            for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
                assertEquals("True", TestObjects.condition(pod, type), type);
            }
            List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
            assertEquals(List.of("web", "sidecar1"), containers.stream().map(ContainerStatus::getName).toList());
            ContainerStatus c = containers.get(0);
            assertEquals("docker.io/library/nginx:1.27", c.getImage());
            assertTrue(c.getImageID().startsWith("docker.io/library/nginx@sha256:"), c.getImageID());
            assertTrue(c.getReady());
            assertTrue(c.getStarted());
            assertEquals(0, c.getRestartCount());
            assertNotNull(c.getState().getRunning().getStartedAt());
            assertNull(c.getLastState().getTerminated());
        }
    }

    @Test
    void podsStartReadyAfterTheirCreationAndTheWorkloadFollows() {
        api.readyAfter(Duration.ofMillis(800));
        long t0 = System.nanoTime();
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        Pod pending = Eventually.until(() -> pods(k, NS).stream().findFirst().orElse(null),
                p -> p != null && p.getSpec().getNodeName() != null);
        if (System.nanoTime() - t0 < Duration.ofMillis(600).toNanos()) { // a loaded machine may be slower than the delay
            assertEquals("Pending", pending.getStatus().getPhase());
            assertEquals("ContainerCreating", pending.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
            assertFalse(ready(pending));
            assertEquals(0, readyReplicas(k.apps().deployments().inNamespace(NS).withName("web").get()));
        }
        Deployment web = deploymentWhen("web", d -> readyReplicas(d) == 1);
        assertEquals(1, readyReplicas(web));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(800).toNanos(), "ready only after readyAfter");
        assertTrue(ready(pods(k, NS).get(0)));
    }

    @Test
    void aStatefulSetGetsOrdinalPodsOnBoundClaimsAndRollsAChangedTemplateOnePodAtATime() {
        k.resource(TestObjects.statefulSet(NS, "db", 3, "mariadb:11.4")).create();
        StatefulSet db = Eventually.until(() -> k.apps().statefulSets().inNamespace(NS).withName("db").get(),
                s -> s.getStatus() != null && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()));
        assertEquals(3, db.getStatus().getReadyReplicas());
        String revision = db.getStatus().getUpdateRevision();
        assertEquals(revision, db.getStatus().getCurrentRevision());
        assertEquals(Set.of("db-0", "db-1", "db-2"), names(pods(k, NS)));
        for (Pod pod : pods(k, NS)) {
            assertEquals(revision, pod.getMetadata().getLabels().get("controller-revision-hash"));
            assertEquals("StatefulSet", pod.getMetadata().getOwnerReferences().get(0).getKind());
            String claim = "data-" + pod.getMetadata().getName();
            assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                    && claim.equals(v.getPersistentVolumeClaim().getClaimName())), claim);
            assertEquals("Bound", k.persistentVolumeClaims().inNamespace(NS).withName(claim).get().getStatus().getPhase());
        }

        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var watch = k.pods().inNamespace(NS).watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    seen.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        })) {
            k.apps().statefulSets().inNamespace(NS).withName("db").edit(s -> {
                s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("mariadb:11.8");
                return s;
            });
            StatefulSet rolled = Eventually.until(() -> k.apps().statefulSets().inNamespace(NS).withName("db").get(),
                    s -> !revision.equals(s.getStatus().getCurrentRevision()));
            assertEquals(rolled.getStatus().getUpdateRevision(), rolled.getStatus().getCurrentRevision());
            assertEquals(3, rolled.getStatus().getUpdatedReplicas());
            assertEquals(3, rolled.getStatus().getReadyReplicas());
            for (Pod pod : pods(k, NS)) {
                assertEquals("mariadb:11.8", pod.getSpec().getContainers().get(0).getImage());
                assertEquals(rolled.getStatus().getUpdateRevision(), pod.getMetadata().getLabels().get("controller-revision-hash"));
            }
            Eventually.until(() -> seen, s -> s.size() >= 3, Duration.ofSeconds(5));
        }
        assertEquals(List.of("db-2", "db-1", "db-0"), seen, "highest ordinal first, one at a time");
    }

    @Test
    void aJobsPodRunsToSucceededAndTheJobCompletes() {
        k.resource(TestObjects.job(NS, "setup", 1, null)).create();
        Job job = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> j.getStatus() != null && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Complete")));
        assertEquals(1, job.getStatus().getSucceeded());
        assertNull(job.getStatus().getFailed());
        assertNotNull(job.getStatus().getCompletionTime());
        Pod pod = pods(k, NS).get(0);
        assertTrue(pod.getMetadata().getName().matches("setup-[a-z0-9]{5}"), pod.getMetadata().getName());
        assertEquals("setup", pod.getMetadata().getLabels().get("job-name"));
        assertEquals("setup", pod.getMetadata().getLabels().get("batch.kubernetes.io/job-name"));
        assertEquals(job.getMetadata().getUid(), pod.getMetadata().getLabels().get("batch.kubernetes.io/controller-uid"));
        assertEquals("Job", pod.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals("Succeeded", pod.getStatus().getPhase());
        var done = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(List.of(0, "Completed"), List.of(done.getExitCode(), done.getReason()));
        var init = pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated();
        assertEquals(List.of(0, "Completed"), List.of(init.getExitCode(), init.getReason()));
        assertEquals("False", TestObjects.condition(pod, "Ready"));
    }

    @Test
    void scalingDownAndChangingTheTemplateReplacePods() {
        k.resource(TestObjects.deployment(NS, "web", 3, "nginx:1.27")).create();
        deploymentWhen("web", d -> readyReplicas(d) == 3);
        Set<String> first = names(pods(k, NS));

        k.apps().deployments().inNamespace(NS).withName("web").scale(1);
        List<Pod> one = Eventually.until(() -> pods(k, NS), p -> p.size() == 1);
        assertEquals(1, one.size());
        assertTrue(first.contains(one.get(0).getMetadata().getName()), "scaling down keeps one of the pods");

        k.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
            return d;
        });
        List<Pod> replaced = Eventually.until(() -> pods(k, NS), p -> p.size() == 1
                && "nginx:1.28".equals(p.get(0).getSpec().getContainers().get(0).getImage()) && ready(p.get(0)));
        assertEquals(1, replaced.size(), "the old pod is gone once the new one is available");
        assertFalse(first.contains(replaced.get(0).getMetadata().getName()));
        Deployment web = deploymentWhen("web", d -> d.getStatus().getUpdatedReplicas() != null
                && d.getStatus().getUpdatedReplicas() == 1 && readyReplicas(d) == 1);
        assertEquals(2, k.apps().replicaSets().inNamespace(NS).list().getItems().size());
        assertEquals(1, web.getStatus().getReplicas());
    }

    @Test
    void deletedPodsOfDeploymentsAndStatefulSetsAreRecreated() {
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        List<Pod> before = Eventually.until(() -> pods(k, NS), p -> p.size() == 2 && p.stream().allMatch(TestObjects::ready));
        Pod web = before.stream().filter(p -> p.getMetadata().getName().startsWith("web-")).findFirst().orElseThrow();
        Pod db = before.stream().filter(p -> p.getMetadata().getName().equals("db-0")).findFirst().orElseThrow();

        k.pods().inNamespace(NS).withName(web.getMetadata().getName()).delete();
        k.pods().inNamespace(NS).withName("db-0").delete();

        List<Pod> after = Eventually.until(() -> pods(k, NS), p -> p.size() == 2 && p.stream().allMatch(TestObjects::ready)
                && p.stream().noneMatch(x -> x.getMetadata().getUid().equals(db.getMetadata().getUid())));
        assertEquals(2, after.size());
        assertFalse(names(after).contains(web.getMetadata().getName()), "a new name for the ReplicaSet's pod");
        Pod newDb = after.stream().filter(p -> p.getMetadata().getName().equals("db-0")).findFirst().orElseThrow();
        assertNotEquals(db.getMetadata().getUid(), newDb.getMetadata().getUid(), "the same name, a new pod");
    }

    @Test
    void deletingTheNamespaceDeletesItsPods() {
        k.resource(TestObjects.deployment(NS, "web", 2, "nginx:1.27")).create();
        Eventually.until(() -> pods(k, NS), p -> p.size() == 2);
        k.namespaces().withName(NS).delete();
        assertTrue(Eventually.until(() -> k.pods().inAnyNamespace().list().getItems(), List::isEmpty).isEmpty());
        assertNull(k.namespaces().withName(NS).get());
    }

    @Test
    void aPodCreatedDirectlyIsScheduledAndStarted() {
        k.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("bare")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").endContainer()
                .endSpec().build()).create();
        Pod bare = Eventually.until(() -> k.pods().inNamespace(NS).withName("bare").get(), TestObjects::ready);
        assertEquals("Running", bare.getStatus().getPhase());
        assertEquals("test-node", bare.getSpec().getNodeName());
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }
}
