package dev.storefleet.testcluster;

import static dev.storefleet.testcluster.TestObjects.namespace;
import static dev.storefleet.testcluster.TestObjects.pods;
import static dev.storefleet.testcluster.TestObjects.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each pod fault gives the statuses and Warning events a real cluster shows, and heals once lifted. */
@Timeout(60)
class PodFaultsTest {

    private static final String NS = "shop";

    private TestKubernetesApi api;
    private KubernetesClient k;

    @BeforeEach
    void start() {
        api = new TestKubernetesApi().kubeletTick(Duration.ofMillis(50)).crashRestartEvery(Duration.ofMillis(100));
        k = api.client();
        namespace(k, NS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Pod onlyPod(java.util.function.Predicate<Pod> done) {
        return Eventually.until(() -> pods(k, NS).stream().findFirst().orElse(null), p -> p != null && done.test(p));
    }

    private List<Event> events(String reason) {
        return k.v1().events().inNamespace(NS).list().getItems().stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    private Event eventWhen(String reason, java.util.function.Predicate<Event> done) {
        return Eventually.until(() -> events(reason).stream().filter(done).findFirst().orElse(null), Objects::nonNull);
    }

    private static ContainerStatus container(Pod p, String name) {
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String waitingReason(ContainerStatus c) {
        return c.getState().getWaiting() == null ? null : c.getState().getWaiting().getReason();
    }

    private static PodCondition condition(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
    }

    private static JobCondition condition(Job j, String type) {
        return j.getStatus() == null || j.getStatus().getConditions() == null ? null
                : j.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
    }

    private static int readyReplicas(Deployment d) {
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    /** Waiting reasons of one container, in the order a watch saw them. */
    private List<String> waitingReasonsSeen(String container) {
        List<String> seen = new CopyOnWriteArrayList<>();
        k.pods().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
                    pod.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container))
                            .map(PodFaultsTest::waitingReason).filter(Objects::nonNull)
                            .filter(r -> seen.isEmpty() || !seen.get(seen.size() - 1).equals(r)).forEach(seen::add);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        return seen;
    }

    // ---- image pulls -----------------------------------------------------------------------------

    @Test
    void anImageThatCannotBePulledIsErrImagePullThenImagePullBackOffWithCountedEventsAndRecoversWhenLifted() {
        List<String> reasons = waitingReasonsSeen("web");
        PodFault fault = api.imagePullFails("nginx:9\\.9");
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:9.9")).create();

        Pod pod = onlyPod(p -> p.getStatus().getContainerStatuses() != null
                && "ImagePullBackOff".equals(waitingReason(container(p, "web"))));
        assertEquals("Pending", pod.getStatus().getPhase());
        ContainerStatus web = container(pod, "web");
        assertEquals("Back-off pulling image \"nginx:9.9\"", web.getState().getWaiting().getMessage());
        assertFalse(web.getReady());
        assertEquals("", web.getImageID());
        assertEquals("test-node", pod.getSpec().getNodeName());
        List<String> seen = Eventually.until(() -> List.copyOf(reasons), r -> r.contains("ImagePullBackOff"));
        assertTrue(seen.contains("ErrImagePull") && seen.indexOf("ErrImagePull") < seen.indexOf("ImagePullBackOff"),
                "ErrImagePull first, then ImagePullBackOff: " + seen);

        Event failed = eventWhen("Failed", e -> e.getMessage().startsWith("Failed to pull image"));
        assertEquals("Warning", failed.getType());
        assertTrue(failed.getMessage().contains("failed to pull and unpack image \"docker.io/library/nginx:9.9\""),
                failed.getMessage());
        assertTrue(failed.getMessage().endsWith("not found"), failed.getMessage());
        assertEquals("Pod", failed.getInvolvedObject().getKind());
        assertEquals(pod.getMetadata().getName(), failed.getInvolvedObject().getName());
        assertEquals(pod.getMetadata().getUid(), failed.getInvolvedObject().getUid());
        assertEquals("spec.containers{web}", failed.getInvolvedObject().getFieldPath());
        assertEquals("kubelet", failed.getSource().getComponent());
        assertTrue(failed.getMetadata().getName().startsWith(pod.getMetadata().getName() + "."), failed.getMetadata().getName());
        Event backOff = eventWhen("BackOff", e -> e.getCount() >= 3);
        assertEquals("Back-off pulling image \"nginx:9.9\"", backOff.getMessage());
        assertEquals(1, events("BackOff").size(), "a repeat raises the count instead of adding an Event");
        assertNotNull(backOff.getFirstTimestamp());
        assertNotNull(backOff.getLastTimestamp());
        assertEquals(0, readyReplicas(k.apps().deployments().inNamespace(NS).withName("web").get()));

        fault.lift();
        Pod running = onlyPod(TestObjects::ready);
        assertEquals("Running", running.getStatus().getPhase());
        assertTrue(container(running, "web").getImageID().startsWith("docker.io/library/nginx@sha256:"));
        assertEquals(1, readyReplicas(Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName("web").get(),
                d -> readyReplicas(d) == 1)));
    }

    @Test
    void anInitContainerThatCannotBePulledHoldsThePodInitializing() {
        api.imagePullFails("^busybox");
        k.resource(TestObjects.job(NS, "setup", 1, null)).create();
        Pod pod = onlyPod(p -> p.getStatus().getInitContainerStatuses() != null
                && "ImagePullBackOff".equals(waitingReason(p.getStatus().getInitContainerStatuses().get(0))));
        assertEquals("Pending", pod.getStatus().getPhase());
        assertEquals("PodInitializing", waitingReason(container(pod, "setup")));
        PodCondition initialized = condition(pod, "Initialized");
        assertEquals(List.of("False", "ContainersNotInitialized", "containers with incomplete status: [wait]"),
                List.of(initialized.getStatus(), initialized.getReason(), initialized.getMessage()));
        Event failed = eventWhen("Failed", e -> e.getMessage().startsWith("Failed to pull image \"busybox:1.36\""));
        assertEquals("spec.initContainers{wait}", failed.getInvolvedObject().getFieldPath());
    }

    @Test
    void anInvalidImageNameWaitsWithInvalidImageName() {
        PodFault fault = api.invalidImageName("NGINX");
        k.resource(TestObjects.deployment(NS, "web", 1, "NGINX")).create();
        Pod pod = onlyPod(p -> p.getStatus().getContainerStatuses() != null
                && "InvalidImageName".equals(waitingReason(container(p, "web"))));
        assertEquals("Failed to apply default image tag \"NGINX\": couldn't parse image name \"NGINX\": invalid reference format",
                container(pod, "web").getState().getWaiting().getMessage());
        assertEquals("Warning", eventWhen("InspectFailed", e -> true).getType());
        eventWhen("Failed", e -> e.getMessage().equals("Error: InvalidImageName"));
        fault.lift();
        assertTrue(ready(onlyPod(TestObjects::ready)));
    }

    @Test
    void aContainerWaitingForASecretLeavesThePodRunningButNotReady() {
        PodFault fault = api.containerWaiting("^web-", "web", "CreateContainerConfigError", "secret \"x\" not found");
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27", "busybox:1.36")).create();
        Pod pod = onlyPod(p -> p.getStatus().getContainerStatuses() != null
                && "CreateContainerConfigError".equals(waitingReason(container(p, "web")))
                && container(p, "sidecar1").getState().getRunning() != null);
        assertEquals("secret \"x\" not found", container(pod, "web").getState().getWaiting().getMessage());
        assertEquals("Running", pod.getStatus().getPhase(), "the sidecar runs");
        PodCondition ready = condition(pod, "Ready");
        assertEquals(List.of("False", "ContainersNotReady", "containers with unready status: [web]"),
                List.of(ready.getStatus(), ready.getReason(), ready.getMessage()));
        eventWhen("Failed", e -> e.getMessage().equals("Error: secret \"x\" not found"));
        fault.lift();
        assertTrue(ready(onlyPod(TestObjects::ready)));
    }

    // ---- crash loops -----------------------------------------------------------------------------

    @Test
    void aCrashLoopBreaksAReadyPodAndItRecoversWhenLifted() {
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        Pod healthy = onlyPod(TestObjects::ready);
        String name = healthy.getMetadata().getName();

        PodFault fault = api.crashLoop("^web-", "web", List.of("PHP Fatal error: out of memory", "exiting"));
        Pod crashing = onlyPod(p -> container(p, "web").getRestartCount() >= 2
                && "CrashLoopBackOff".equals(waitingReason(container(p, "web"))));
        assertEquals(name, crashing.getMetadata().getName(), "the same pod, restarted in place");
        assertEquals("Running", crashing.getStatus().getPhase());
        assertFalse(ready(crashing));
        ContainerStatus web = container(crashing, "web");
        assertEquals("back-off 10s restarting failed container=web pod=" + name + "_" + NS + "(" + crashing.getMetadata().getUid() + ")",
                web.getState().getWaiting().getMessage());
        var last = web.getLastState().getTerminated();
        assertEquals(List.of(1, "Error"), List.of(last.getExitCode(), last.getReason()));
        assertNotNull(last.getStartedAt());
        assertNotNull(last.getFinishedAt());
        assertEquals(0, readyReplicas(Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName("web").get(),
                d -> readyReplicas(d) == 0)));
        String previous = k.pods().inNamespace(NS).withName(name).inContainer("web").terminated().getLog();
        assertEquals("web started (image nginx:1.27)\nPHP Fatal error: out of memory\nexiting\n", previous);
        Event backOff = eventWhen("BackOff", e -> e.getCount() >= 2);
        assertEquals("Back-off restarting failed container web in pod " + name + "_" + NS + "("
                + crashing.getMetadata().getUid() + ")", backOff.getMessage());
        assertEquals("Warning", backOff.getType());

        fault.lift();
        Pod recovered = onlyPod(TestObjects::ready);
        int restarts = container(recovered, "web").getRestartCount();
        assertTrue(restarts >= 2, "restartCount stays as it got: " + restarts);
        assertNotNull(container(recovered, "web").getState().getRunning());
        assertEquals(1, container(recovered, "web").getLastState().getTerminated().getExitCode());
        assertEquals(1, readyReplicas(Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName("web").get(),
                d -> readyReplicas(d) == 1)));
        String resourceVersion = k.pods().inNamespace(NS).withName(name).get().getMetadata().getResourceVersion();
        Pod later = Eventually.until(() -> k.pods().inNamespace(NS).withName(name).get(),
                p -> !p.getMetadata().getResourceVersion().equals(resourceVersion), Duration.ofMillis(500));
        assertEquals(resourceVersion, later.getMetadata().getResourceVersion(), "a recovered pod is steady");
    }

    // ---- scheduling and storage ------------------------------------------------------------------

    @Test
    void anUnschedulablePodStaysPendingWithTheSchedulersReasonUntilLifted() {
        PodFault fault = api.unschedulable("^web-", null);
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        Pod pod = onlyPod(p -> condition(p, "PodScheduled") != null);
        assertEquals("Pending", pod.getStatus().getPhase());
        assertNull(pod.getSpec().getNodeName());
        assertTrue(pod.getStatus().getContainerStatuses().isEmpty(), "no kubelet has seen it");
        PodCondition scheduled = condition(pod, "PodScheduled");
        assertEquals(List.of("False", "Unschedulable"), List.of(scheduled.getStatus(), scheduled.getReason()));
        assertEquals(Kubelet.DEFAULT_UNSCHEDULABLE, scheduled.getMessage());
        assertTrue(scheduled.getMessage().startsWith("0/1 nodes are available: 1 Insufficient memory."));
        Event event = eventWhen("FailedScheduling", e -> true);
        assertEquals(List.of("Warning", "default-scheduler", Kubelet.DEFAULT_UNSCHEDULABLE),
                List.of(event.getType(), event.getSource().getComponent(), event.getMessage()));

        fault.lift();
        Pod running = onlyPod(TestObjects::ready);
        assertEquals("test-node", running.getSpec().getNodeName());
        assertEquals("True", condition(running, "PodScheduled").getStatus());
    }

    @Test
    void anUnschedulableMessageIsTheOneGiven() {
        api.unschedulable("-0$", "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        Pod pod = onlyPod(p -> condition(p, "PodScheduled") != null);
        assertEquals("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
                condition(pod, "PodScheduled").getMessage());
    }

    @Test
    void withoutAStorageClassClaimsStayPendingAndTheirPodsUnschedulableUntilLifted() {
        PodFault fault = api.noStorageClass();
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        Event binding = eventWhen("FailedBinding", e -> e.getCount() >= 2);
        // The persistent-volume controller reports this as a Normal event, not a Warning.
        assertEquals(List.of("Normal", "PersistentVolumeClaim", "data-db-0", "persistentvolume-controller",
                        "no persistent volumes available for this claim and no storage class is set"),
                List.of(binding.getType(), binding.getInvolvedObject().getKind(), binding.getInvolvedObject().getName(),
                        binding.getSource().getComponent(), binding.getMessage()));
        assertEquals("Pending", k.persistentVolumeClaims().inNamespace(NS).withName("data-db-0").get().getStatus().getPhase());
        Pod pod = onlyPod(p -> condition(p, "PodScheduled") != null);
        assertTrue(condition(pod, "PodScheduled").getMessage().startsWith(
                "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: "),
                condition(pod, "PodScheduled").getMessage());
        eventWhen("FailedScheduling", e -> e.getMessage().contains("unbound immediate PersistentVolumeClaims"));

        fault.lift();
        assertTrue(ready(onlyPod(TestObjects::ready)));
        assertEquals("Bound", k.persistentVolumeClaims().inNamespace(NS).withName("data-db-0").get().getStatus().getPhase());
    }

    // ---- jobs ------------------------------------------------------------------------------------

    @Test
    void aFailingJobFailsEachAttemptThenTheJobWithBackoffLimitExceeded() {
        api.jobFails("^setup$", List.of("Error: database is not reachable"));
        k.resource(TestObjects.job(NS, "setup", 2, null)).create();
        Job job = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> condition(j, "Failed") != null);
        JobCondition failed = condition(job, "Failed");
        assertEquals(List.of("True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                List.of(failed.getStatus(), failed.getReason(), failed.getMessage()));
        assertEquals(3, job.getStatus().getFailed());
        assertNull(job.getStatus().getSucceeded());
        assertNull(condition(job, "Complete"));
        List<Pod> attempts = pods(k, NS);
        assertEquals(3, attempts.size(), "backoffLimit + 1 pods");
        for (Pod p : attempts) {
            assertEquals("Failed", p.getStatus().getPhase());
            var t = container(p, "setup").getState().getTerminated();
            assertEquals(List.of(1, "Error"), List.of(t.getExitCode(), t.getReason()));
            assertEquals("setup started (image busybox:1.36)\nError: database is not reachable\n",
                    k.pods().inNamespace(NS).withName(p.getMetadata().getName()).inContainer("setup").getLog());
        }
        Event event = eventWhen("BackoffLimitExceeded", e -> true);
        assertEquals(List.of("Warning", "Job", "setup", "job-controller"), List.of(event.getType(),
                event.getInvolvedObject().getKind(), event.getInvolvedObject().getName(), event.getSource().getComponent()));
    }

    @Test
    void aJobPastItsDeadlineFailsWithDeadlineExceededAndItsPodGoes() {
        api.jobDeadlineExceeded("^setup$");
        k.resource(TestObjects.job(NS, "setup", 4, 900L)).create();
        Job job = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> condition(j, "Failed") != null);
        assertEquals("DeadlineExceeded", condition(job, "Failed").getReason());
        assertEquals("Job was active longer than specified deadline", condition(job, "Failed").getMessage());
        assertTrue(Eventually.until(() -> pods(k, NS), List::isEmpty).isEmpty(), "its running pod is deleted");
        assertEquals("Warning", eventWhen("DeadlineExceeded", e -> true).getType());
    }

    @Test
    void withoutADeadlineAJobWithTheDeadlineFaultJustKeepsRunning() {
        PodFault fault = api.jobDeadlineExceeded("^setup$");
        k.resource(TestObjects.job(NS, "setup", 4, null)).create();
        Pod running = onlyPod(p -> "Running".equals(p.getStatus().getPhase()));
        Job job = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> condition(j, "Failed") != null || condition(j, "Complete") != null, Duration.ofMillis(500));
        assertNull(condition(job, "Failed"));
        assertNull(condition(job, "Complete"));
        assertEquals(1, job.getStatus().getActive());
        fault.lift();
        Job done = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> condition(j, "Complete") != null);
        assertNotNull(condition(done, "Complete"));
        assertEquals("Succeeded", k.pods().inNamespace(NS).withName(running.getMetadata().getName()).get().getStatus().getPhase());
    }

    // ---- quota -----------------------------------------------------------------------------------

    @Test
    void aQuotaRefusingPodsGivesFailedCreateAndReplicaFailureUntilLifted() {
        PodFault fault = api.quotaRefuses("^web-", null);
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        Event event = eventWhen("FailedCreate", e -> e.getCount() >= 2);
        assertEquals(List.of("Warning", "ReplicaSet", "replicaset-controller"),
                List.of(event.getType(), event.getInvolvedObject().getKind(), event.getSource().getComponent()));
        assertTrue(event.getMessage().matches("Error creating: pods \"web-[0-9a-f]+-[a-z0-9]{5}\" is forbidden: exceeded quota: "
                + "storefleet-quota, requested: limits.memory=1Gi, used: limits.memory=8Gi, limited: limits.memory=8Gi"),
                event.getMessage());
        assertEquals(1, events("FailedCreate").size());
        assertTrue(pods(k, NS).isEmpty());
        ReplicaSet rs = k.apps().replicaSets().inNamespace(NS).list().getItems().get(0);
        var failure = rs.getStatus().getConditions().stream().filter(c -> c.getType().equals("ReplicaFailure")).findFirst().orElseThrow();
        assertEquals(List.of("True", "FailedCreate"), List.of(failure.getStatus(), failure.getReason()));
        Deployment web = Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName("web").get(),
                d -> d.getStatus() != null && d.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("ReplicaFailure")));
        assertTrue(web.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("ReplicaFailure")));

        fault.lift();
        assertTrue(ready(onlyPod(TestObjects::ready)));
        Deployment healed = Eventually.until(() -> k.apps().deployments().inNamespace(NS).withName("web").get(),
                d -> readyReplicas(d) == 1 && d.getStatus().getConditions().stream().noneMatch(c -> c.getType().equals("ReplicaFailure")));
        assertEquals(1, readyReplicas(healed));
    }

    @Test
    void aQuotaRefusingAStatefulSetsPodNamesItInTheEvent() {
        api.quotaRefuses("^db-", "pods \"db-0\" is forbidden: exceeded quota: storefleet-quota, requested: requests.storage=5Gi");
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        Event event = eventWhen("FailedCreate", e -> true);
        assertEquals("create Pod db-0 in StatefulSet db failed error: pods \"db-0\" is forbidden: exceeded quota: "
                + "storefleet-quota, requested: requests.storage=5Gi", event.getMessage());
        assertEquals("StatefulSet", event.getInvolvedObject().getKind());
    }

    @Test
    void aFaultThatMatchesNothingLeavesSteadyPodsAlone() throws InterruptedException {
        k.resource(TestObjects.deployment(NS, "web", 2, "nginx:1.27")).create();
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        List<Pod> steady = Eventually.until(() -> pods(k, NS), p -> p.size() == 3 && p.stream().allMatch(TestObjects::ready));
        Thread.sleep(1_100); // a second boundary: a rewritten transition time would show
        String before = k.pods().inNamespace(NS).list().getMetadata().getResourceVersion();
        api.crashLoop("^nothing-", null, List.of()).lift();
        api.imagePullFails("^nothing$").lift();
        Thread.sleep(300); // several ticks
        assertEquals(versions(steady), versions(pods(k, NS)), "every pod was looked at; none was rewritten");
        assertEquals(before, k.pods().inNamespace(NS).list().getMetadata().getResourceVersion(),
                "nor was any workload (their controllers looked again too)");
    }

    private static List<String> versions(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName() + "@" + p.getMetadata().getResourceVersion()).sorted().toList();
    }

    @Test
    void aQuotaRefusingAJobsPodHoldsTheJobUntilLifted() {
        PodFault fault = api.quotaRefuses("^setup-", null);
        k.resource(TestObjects.job(NS, "setup", 1, null)).create();
        Event event = eventWhen("FailedCreate", e -> e.getCount() >= 2);
        assertEquals(List.of("Job", "setup", "job-controller"), List.of(event.getInvolvedObject().getKind(),
                event.getInvolvedObject().getName(), event.getSource().getComponent()));
        assertTrue(event.getMessage().startsWith("Error creating: pods \"setup-"), event.getMessage());
        assertTrue(pods(k, NS).isEmpty());
        fault.lift();
        Job done = Eventually.until(() -> k.batch().v1().jobs().inNamespace(NS).withName("setup").get(),
                j -> condition(j, "Complete") != null);
        assertEquals(1, done.getStatus().getSucceeded());
    }

    @Test
    void resetLiftsEveryPodFault() {
        api.imagePullFails("nginx");
        api.quotaRefuses("^db-", null);
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        k.resource(TestObjects.statefulSet(NS, "db", 1, "mariadb:11.4")).create();
        eventWhen("FailedCreate", e -> true);
        onlyPod(p -> p.getStatus().getContainerStatuses() != null && waitingReason(container(p, "web")) != null
                && waitingReason(container(p, "web")).contains("Image"));
        api.reset();
        List<Pod> all = Eventually.until(() -> pods(k, NS), p -> p.size() == 2 && p.stream().allMatch(TestObjects::ready));
        assertEquals(2, all.size());
        assertTrue(all.stream().allMatch(TestObjects::ready));
    }
}
