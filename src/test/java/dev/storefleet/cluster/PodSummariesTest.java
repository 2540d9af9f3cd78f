package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pods in the shapes a kubelet reports them, read into the console's summary: the reason word is
 * the one {@code kubectl get pods} prints in its STATUS column for the same pod.
 */
class PodSummariesTest {

    private static PodBuilder pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("store-x-wordpress-5d8f7-abcde")
                .withCreationTimestamp("2025-01-02T03:04:05Z")
                .addNewOwnerReference().withKind("ReplicaSet").withName("store-x-wordpress-5d8f7")
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("wordpress").withImage("wordpress:6").endContainer()
                .endSpec().withNewStatus().withPhase(phase).endStatus();
    }

    private static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(restarts)
                .withImage("wordpress:6").withNewState().withNewRunning().withStartedAt("2025-01-02T03:05:00Z")
                .endRunning().endState().build();
    }

    @Test
    void aReadyPodHasNoReasonBeyondItsPhase() {
        Pod pod = pod("Running").editStatus().withContainerStatuses(running("wordpress", true, 0)).endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("Running", summary.phase());
        assertEquals("", summary.reason());
        assertEquals("1/1", summary.readyText());
        assertEquals(0, summary.restarts());
        assertEquals("", summary.lastState());
        assertEquals(Instant.parse("2025-01-02T03:04:05Z"), summary.created());
        assertEquals("replicaset/store-x-wordpress-5d8f7", summary.owner());
        ContainerSummary wordpress = summary.containers().get(0);
        assertEquals("running", wordpress.state());
        assertFalse(wordpress.hasPreviousLog());
        assertFalse(wordpress.neverStarted());
    }

    @Test
    void aCrashLoopSaysSoWithTheLastExitAndThePreviousLog() {
        Pod pod = pod("Running").editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName("wordpress").withReady(false).withRestartCount(4).withImage("wordpress:6")
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=wordpress").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2025-01-02T03:06:00Z").endTerminated().endLastState().build()).endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("CrashLoopBackOff", summary.reason());
        assertEquals("0/1", summary.readyText());
        assertEquals(4, summary.restarts());
        assertEquals("wordpress: Error, exit code 1", summary.lastState());
        assertEquals("wordpress: back-off 40s restarting failed container=wordpress", summary.message());
        ContainerSummary wordpress = summary.containers().get(0);
        assertTrue(wordpress.hasPreviousLog());
        assertEquals("Error, exit code 1", wordpress.lastState());
        assertFalse(wordpress.neverStarted(), "it ran before: its current log is the last instance's");
    }

    @Test
    void anImagePullFailureIsAContainerThatNeverStarted() {
        Pod pod = pod("Pending").editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName("wordpress").withReady(false).withRestartCount(0).withImage("wordpress:nope")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"wordpress:nope\"").endWaiting().endState().build())
                .endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("ImagePullBackOff", summary.reason());
        assertTrue(summary.containers().get(0).neverStarted());
    }

    @Test
    void anInitContainerAtWorkShowsAsInitAndComesFirst() {
        Pod pod = pod("Pending").editSpec().addNewInitContainer().withName("migrate").withImage("medusa:2")
                .endInitContainer().endSpec().editStatus()
                .withInitContainerStatuses(running("migrate", false, 0))
                .withContainerStatuses(new ContainerStatusBuilder().withName("wordpress").withReady(false)
                        .withRestartCount(0).withNewState().withNewWaiting().withReason("PodInitializing").endWaiting()
                        .endState().build())
                .endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("Init:0/1", summary.reason());
        assertEquals(List.of("migrate", "wordpress"), summary.containers().stream().map(ContainerSummary::name)
                .toList());
        assertTrue(summary.containers().get(0).init());
        assertEquals(List.of("wordpress"), summary.appContainers().stream().map(ContainerSummary::name).toList());
        assertEquals("0/1", summary.readyText(), "init containers are not counted");
    }

    @Test
    void aFailedInitContainerNamesItsReason() {
        Pod pod = pod("Pending").editSpec().addNewInitContainer().withName("migrate").endInitContainer().endSpec()
                .editStatus().withInitContainerStatuses(new ContainerStatusBuilder().withName("migrate")
                        .withRestartCount(2).withNewState().withNewTerminated().withExitCode(3).endTerminated()
                        .endState().build()).endStatus().build();
        assertEquals("Init:ExitCode:3", PodSummaries.of(pod).reason());
    }

    @Test
    void aFinishedJobPodIsCompleted() {
        Pod pod = pod("Succeeded").editMetadata().editFirstOwnerReference().withKind("Job").withName("store-x-setup")
                .endOwnerReference().endMetadata().editSpec().editFirstContainer().withName("setup").endContainer()
                .endSpec().editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("setup")
                        .withReady(false).withRestartCount(0).withNewState().withNewTerminated().withExitCode(0)
                        .withReason("Completed").endTerminated().endState().build()).endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("Completed", summary.reason());
        assertEquals("job/store-x-setup", summary.owner());
        assertEquals("", summary.message());
        assertFalse(summary.containers().get(0).neverStarted());
    }

    @Test
    void anUnscheduledPodCarriesTheSchedulersWords() {
        Pod pod = pod("Pending").editStatus().addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient memory.")
                .endCondition().endStatus().build();
        PodSummary summary = PodSummaries.of(pod);
        assertEquals("", summary.reason(), "kubectl says Pending: the phase");
        assertEquals("0/1 nodes are available: 1 Insufficient memory.", summary.message());
        assertTrue(summary.containers().get(0).neverStarted(), "no status reported yet");
    }

    @Test
    void aPodBeingDeletedIsTerminating() {
        Pod pod = pod("Running").editMetadata().withDeletionTimestamp("2025-01-02T03:10:00Z").endMetadata()
                .editStatus().withContainerStatuses(running("wordpress", true, 0)).endStatus().build();
        assertEquals("Terminating", PodSummaries.of(pod).reason());
    }

    @Test
    void podsSortOldestFirstThenByName() {
        PodSummary newer = PodSummaries.of(pod("Running").editMetadata().withName("b")
                .withCreationTimestamp("2025-01-03T00:00:00Z").endMetadata().build());
        PodSummary older = PodSummaries.of(pod("Running").editMetadata().withName("c").endMetadata().build());
        PodSummary sameAge = PodSummaries.of(pod("Running").editMetadata().withName("a").endMetadata().build());
        assertEquals(List.of("a", "c", "b"), java.util.stream.Stream.of(newer, older, sameAge)
                .sorted(PodSummaries.OLDEST_FIRST).map(PodSummary::name).toList());
    }
}
