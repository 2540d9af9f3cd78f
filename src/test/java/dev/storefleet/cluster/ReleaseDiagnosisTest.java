package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The judgement itself, on the objects a kubelet and the controllers write (as fabric8 reads them):
 * grace periods counted from when the console first saw a state, what was there before the rollout
 * ignored, and the words of each diagnosis. Over HTTP against the test cluster: ProvisioningDiagnosisTest.
 */
class ReleaseDiagnosisTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final DiagnosisRules RULES = new DiagnosisRules(Duration.ofSeconds(90), Duration.ofSeconds(30),
            Duration.ofSeconds(90), 3, 30);
    private static final String IMAGE = "docker.io/library/node:22.20.0-bookworm-slim";

    private final ReleaseDiagnosis diagnosis = new ReleaseDiagnosis(RULES,
            image -> image.equals(IMAGE) ? Optional.of("medusa.install.image") : Optional.empty());

    @Test
    void anImageThatCannotBePulledIsWaitedForUntilItsGraceEndsThenNamedWithTheValuesToCheck() {
        ReleaseSnapshot pulling = snapshot(List.of(pod("shop-medusa-abc12", waiting("install", "ImagePullBackOff",
                "Back-off pulling image \"" + IMAGE + "\""))), List.of(), List.of(warning("Pod", "shop-medusa-abc12",
                "Failed", "Failed to pull image \"" + IMAGE + "\": not found", 3)));
        ReleaseDiagnosis.Verdict early = diagnosis.diagnose(pulling, T0);
        assertTrue(early.stuck().isEmpty());
        assertEquals(List.of("shop-medusa-abc12: cannot pull image " + IMAGE + " yet (ImagePullBackOff), retrying"),
                early.waitingFor());
        assertTrue(diagnosis.diagnose(pulling, T0.plusSeconds(89)).stuck().isEmpty());

        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(pulling, T0.plusSeconds(90)).stuck().orElseThrow();
        assertEquals("pod shop-medusa-abc12", stuck.object());
        assertEquals("install", stuck.container());
        assertEquals(IMAGE, stuck.image());
        assertEquals("ImagePullBackOff", stuck.reason());
        String words = stuck.describe();
        assertTrue(words.contains("not found"), words);
        assertTrue(words.contains("medusa.install.image.repository and medusa.install.image.tag"), words);
    }

    @Test
    void aPullThatRecoversStartsItsGraceAfreshWhenItFailsAgain() {
        ReleaseSnapshot failing = snapshot(List.of(pod("web-1", waiting("web", "ErrImagePull", "pull failed"))),
                List.of(), List.of());
        ReleaseSnapshot creating = snapshot(List.of(pod("web-1", waiting("web", "ContainerCreating", null))),
                List.of(), List.of());
        diagnosis.diagnose(failing, T0);
        assertEquals(List.of("web-1: starting web (image " + IMAGE + ")"),
                diagnosis.diagnose(creating, T0.plusSeconds(60)).waitingFor());
        assertTrue(diagnosis.diagnose(failing, T0.plusSeconds(100)).stuck().isEmpty(), "grace counts from the new failure");
        assertTrue(diagnosis.diagnose(failing, T0.plusSeconds(190)).stuck().isPresent());
    }

    @Test
    void anInvalidImageNameFailsAtOnce() {
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot(List.of(pod("web-1", waiting("web",
                "InvalidImageName", "Failed to apply default image tag"))), List.of(), List.of()), T0).stuck().orElseThrow();
        assertEquals("InvalidImageName", stuck.reason());
    }

    @Test
    void aCrashLoopFailsAfterItsRestartsWithThePreviousInstancesLog() {
        ContainerStatus crashing = new ContainerStatusBuilder().withName("medusa").withImage(IMAGE).withReady(false)
                .withRestartCount(2).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 20s").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .build();
        diagnosis.diagnose(snapshot(List.of(), List.of(), List.of()), T0.minusSeconds(60)); // before Helm
        ReleaseDiagnosis.Verdict two = diagnosis.diagnose(snapshot(List.of(pod("shop-web-1", crashing)), List.of(),
                List.of()), T0);
        assertEquals(List.of("shop-web-1: medusa restarted 2 times (Error code 1)"), two.waitingFor());

        crashing.setRestartCount(3);
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot(List.of(pod("shop-web-1", crashing)), List.of(),
                List.of()), T0.plusSeconds(1)).stuck().orElseThrow();
        assertEquals("CrashLoopBackOff", stuck.reason());
        assertEquals(Optional.of(new ReleaseDiagnosis.LogSource("shop-web-1", "medusa", true)), stuck.log());
        assertTrue(stuck.describe().contains("restarted 3 times, last exit Error code 1"), stuck.describe());
    }

    @Test
    void anOutOfMemoryCrashSaysToRaiseTheMemoryLimit() {
        ContainerStatus oom = new ContainerStatusBuilder().withName("db").withImage("postgres:17").withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated()
                .endLastState().build();
        diagnosis.diagnose(snapshot(List.of(), List.of(), List.of()), T0.minusSeconds(60)); // before Helm
        String words = diagnosis.diagnose(snapshot(List.of(pod("db-0", oom)), List.of(), List.of()), T0).stuck()
                .orElseThrow().describe();
        assertTrue(words.contains("resources.limits.memory"), words);
    }

    @Test
    void aRunningContainerWithOldRestartsIsNotACrashLoop() {
        ContainerStatus healed = new ContainerStatusBuilder().withName("db").withImage("postgres:17").withReady(true)
                .withRestartCount(7).withNewState().withNewRunning().endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState().build();
        ReleaseDiagnosis.Verdict verdict = diagnosis.diagnose(snapshot(List.of(pod("db-0", healed)), List.of(),
                List.of()), T0);
        assertTrue(verdict.stuck().isEmpty());
        assertEquals(List.of(), verdict.waitingFor());
    }

    @Test
    void anUnschedulablePodSaysWhyWhileWaitingAndFailsAfterItsGrace() {
        Pod pending = unscheduled("shop-db-0", "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes"
                + " are available: 1 No preemption victims found for incoming pod.");
        ReleaseSnapshot snapshot = snapshot(List.of(pending), List.of(), List.of());
        assertEquals(List.of("shop-db-0 Pending: 0/1 nodes are available: 1 Insufficient memory"),
                diagnosis.diagnose(snapshot, T0).waitingFor());
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot, T0.plusSeconds(90)).stuck().orElseThrow();
        assertEquals("Unschedulable", stuck.reason());
        assertTrue(stuck.advice().contains("resources.requests"), stuck.advice());
    }

    @Test
    void aPodAnAutoscalerIsAddingANodeForIsWaitedFor() {
        Pod pending = unscheduled("shop-db-0", "0/1 nodes are available: 1 Insufficient memory.");
        Event scaleUp = new EventBuilder(warning("Pod", "shop-db-0", "TriggeredScaleUp",
                "pod triggered scale-up: [{pool-a 1->2 (max: 5)}]", 1)).withType("Normal").build();
        ReleaseSnapshot snapshot = snapshot(List.of(pending), List.of(), List.of(scaleUp));
        diagnosis.diagnose(snapshot, T0);
        assertTrue(diagnosis.diagnose(snapshot, T0.plusSeconds(600)).stuck().isEmpty());
    }

    @Test
    void aContainerThatCannotBeCreatedFailsAfterTheConfigGrace() {
        ReleaseSnapshot snapshot = snapshot(List.of(pod("web-1", waiting("web", "CreateContainerError",
                "failed to create subPath directory for volumeMount \"data\""))), List.of(), List.of());
        assertTrue(diagnosis.diagnose(snapshot, T0).stuck().isEmpty());
        assertEquals("CreateContainerError", diagnosis.diagnose(snapshot, T0.plusSeconds(30)).stuck().orElseThrow()
                .reason());
    }

    @Test
    void aFailedJobsLogIsReadFromItsOwnAttemptNotFromAnEarlierJobOfTheSameName() {
        diagnosis.diagnose(snapshot(List.of(), List.of(), List.of()), T0);
        Pod oldAttempt = jobPod("shop-setup-old11", "old-uid", "2026-12-02T10:00:09Z");
        Pod attempt = jobPod("shop-setup-new22", "shop-setup-uid", "2026-12-02T10:00:01Z");
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot(List.of(oldAttempt, attempt),
                List.of(job("shop-setup", "BackoffLimitExceeded")), List.of()), T0.plusSeconds(5)).stuck().orElseThrow();
        assertEquals("shop-setup-new22", stuck.log().orElseThrow().pod());
    }

    private static Pod jobPod(String name, String controllerUid, String created) {
        return new PodBuilder(pod(name, new ContainerStatusBuilder().withName("setup").withImage(IMAGE)
                .withNewState().withNewTerminated().withExitCode(1).endTerminated().endState().build()))
                .editMetadata().withCreationTimestamp(created).addToLabels("job-name", "shop-setup")
                .addToLabels("batch.kubernetes.io/controller-uid", controllerUid).endMetadata()
                .editStatus().withPhase("Failed").endStatus().build();
    }

    @Test
    void aPodWaitingForAClaimWithNoStorageClassSaysSo() {
        Pod pending = new PodBuilder(unscheduled("shop-db-0", "0/1 nodes are available: pod has unbound immediate"
                + " PersistentVolumeClaims. preemption: 0/1 nodes are available"))
                .editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data-shop-db-0")
                .endPersistentVolumeClaim().endVolume().endSpec().build();
        var claim = new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-shop-db-0").endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build();
        ReleaseSnapshot snapshot = new ReleaseSnapshot(List.of(pending), List.of(), List.of(claim), List.of(
                new EventBuilder(warning("PersistentVolumeClaim", "data-shop-db-0", "FailedBinding",
                        "no persistent volumes available for this claim and no storage class is set", 4))
                        .withType("Normal").build())); // as the persistent volume controller records it
        diagnosis.diagnose(snapshot, T0);
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot, T0.plusSeconds(90)).stuck().orElseThrow();
        assertTrue(stuck.describe().contains("no storage class is set"), stuck.describe());
        assertTrue(stuck.advice().contains("local-path") && stuck.advice().contains("persistence.storageClass"),
                stuck.advice());
    }

    @Test
    void aJobThatFailsDuringTheRolloutFailsItWithItsLastAttemptsLog() {
        Job previous = new JobBuilder(job("shop-setup", "BackoffLimitExceeded")).editMetadata()
                .withUid("previous-run").endMetadata().build();
        diagnosis.diagnose(snapshot(List.of(), List.of(previous), List.of()), T0); // Helm replaces it
        Pod attempt = new PodBuilder(pod("shop-setup-x1y2z", new ContainerStatusBuilder().withName("setup")
                .withImage(IMAGE).withNewState().withNewTerminated().withExitCode(2).withReason("Error").endTerminated()
                .endState().build())).editMetadata().addToLabels("job-name", "shop-setup").endMetadata()
                .editStatus().withPhase("Failed").endStatus().build();
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot(List.of(attempt), List.of(job("shop-setup",
                "BackoffLimitExceeded")), List.of()), T0.plusSeconds(5)).stuck().orElseThrow();
        assertEquals("job shop-setup", stuck.object());
        assertEquals("BackoffLimitExceeded", stuck.reason());
        assertEquals(Optional.of(new ReleaseDiagnosis.LogSource("shop-setup-x1y2z", "setup", false)), stuck.log());
    }

    @Test
    void aJobThatHadFailedBeforeTheRolloutBeganIsNotItsFailure() {
        ReleaseSnapshot before = snapshot(List.of(), List.of(job("shop-setup", "BackoffLimitExceeded")), List.of());
        assertTrue(diagnosis.diagnose(before, T0).stuck().isEmpty());
        assertTrue(diagnosis.diagnose(before, T0.plusSeconds(600)).stuck().isEmpty());
    }

    @Test
    void aJobOfAnEarlierRunThatFailsOnlyNowIsNotThisRolloutsFailure() {
        // The earlier run gave up at Helm's timeout; its Job ran on to its own deadline.
        diagnosis.diagnose(snapshot(List.of(), List.of(job("shop-setup", null)), List.of()), T0);
        assertTrue(diagnosis.diagnose(snapshot(List.of(), List.of(job("shop-setup", "DeadlineExceeded")), List.of()),
                T0.plusSeconds(3)).stuck().isEmpty());
    }

    @Test
    void aQuotaRefusalFailsOnceItRecursDuringTheRolloutButAnOldOneDoesNot() {
        String refusal = "pods \"shop-web-6d8f-abcde\" is forbidden: exceeded quota: storefleet-quota, requested:"
                + " limits.memory=1Gi, used: limits.memory=8Gi, limited: limits.memory=8Gi";
        assertTrue(diagnosis.diagnose(snapshot(List.of(), List.of(), List.of(warning("ReplicaSet", "shop-web-6d8f",
                "FailedCreate", refusal, 4))), T0).stuck().isEmpty(), "there before the rollout");
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot(List.of(), List.of(), List.of(warning("ReplicaSet",
                "shop-web-6d8f", "FailedCreate", refusal, 5))), T0.plusSeconds(2)).stuck().orElseThrow();
        assertEquals("replicaset shop-web-6d8f", stuck.object());
        assertTrue(stuck.advice().contains("quota"), stuck.advice());
    }

    @Test
    void aConfigErrorGetsItsOwnShorterGrace() {
        ReleaseSnapshot snapshot = snapshot(List.of(pod("web-1", waiting("web", "CreateContainerConfigError",
                "secret \"shop-auth\" not found"))), List.of(), List.of());
        assertFalse(diagnosis.diagnose(snapshot, T0).stuck().isPresent());
        assertTrue(diagnosis.diagnose(snapshot, T0.plusSeconds(30)).stuck().isPresent());
    }

    @Test
    void aPodThatCrashLoopedBeforeTheRolloutNeedsItsRestartsAgainBeforeItFailsIt() {
        diagnosis.diagnose(db(6), T0); // the upgrade meant to fix it has not changed anything yet
        assertTrue(diagnosis.diagnose(db(6), T0.plusSeconds(2)).stuck().isEmpty());
        assertTrue(diagnosis.diagnose(db(8), T0.plusSeconds(300)).stuck().isEmpty());
        assertTrue(diagnosis.diagnose(db(9), T0.plusSeconds(600)).stuck().isPresent());
    }

    private static ReleaseSnapshot db(int restarts) {
        return snapshot(List.of(pod("shop-db-0", crashLooping("mariadb", restarts))), List.of(), List.of());
    }

    @Test
    void theOldReplicaSetsPodsOfAnUpgradeAreNotItsFailure() {
        Pod old = owned(pod("shop-web-6d8f-aaaaa", crashLooping("web", 4)), "shop-web", "6d8f", T0.minusSeconds(900));
        diagnosis.diagnose(snapshot(List.of(old), List.of(), List.of()), T0);
        Pod fresh = owned(pod("shop-web-7c9b-bbbbb", waiting("web", "ImagePullBackOff", "Back-off pulling image")),
                "shop-web", "7c9b", T0.plusSeconds(1));
        crashLooping(old, 9);
        ReleaseDiagnosis.Verdict verdict = diagnosis.diagnose(snapshot(List.of(old, fresh), List.of(), List.of()),
                T0.plusSeconds(2));
        assertTrue(verdict.stuck().isEmpty(), "the Deployment removes the old pod once the new one is ready");
        assertEquals(List.of("shop-web-7c9b-bbbbb: cannot pull image " + IMAGE + " yet (ImagePullBackOff), retrying"),
                verdict.waitingFor());
        assertEquals("pod shop-web-7c9b-bbbbb", diagnosis.diagnose(snapshot(List.of(old, fresh), List.of(), List.of()),
                T0.plusSeconds(92)).stuck().orElseThrow().object());
    }

    @Test
    void aPullFailureIsNamedInTheRegistrysWordsNotTheBackOffThatFollows() {
        Event pullFailed = onContainer(warning("Pod", "web-1", "Failed", "Failed to pull image \"" + IMAGE
                + "\": rpc error: code = NotFound desc = manifest unknown", 2), "web");
        Event backOff = onContainer(new EventBuilder(warning("Pod", "web-1", "Failed", "Error: ImagePullBackOff", 9))
                .editMetadata().withUid("web-1-backoff").endMetadata().withLastTimestamp(T0.plusSeconds(30).toString())
                .build(), "web");
        ReleaseSnapshot snapshot = snapshot(List.of(pod("web-1", waiting("web", "ImagePullBackOff",
                "Back-off pulling image \"" + IMAGE + "\""))), List.of(), List.of(pullFailed, backOff));
        diagnosis.diagnose(snapshot, T0);
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot, T0.plusSeconds(90)).stuck().orElseThrow();
        assertTrue(stuck.detail().contains("manifest unknown"), stuck.detail());
        assertTrue(stuck.advice().contains("does not exist or is private"), stuck.advice());
    }

    @Test
    void aPodWaitingForAnotherToBeScheduledOrForANodeToBeReadyIsSlowNotStuck() {
        for (String message : List.of("0/1 nodes are available: 1 node(s) didn't match pod affinity rules. preemption:"
                + " 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
                "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.")) {
            ReleaseDiagnosis judge = new ReleaseDiagnosis(RULES, image -> Optional.empty());
            ReleaseSnapshot snapshot = snapshot(List.of(unscheduled("shop-setup-x", message)), List.of(), List.of());
            judge.diagnose(snapshot, T0);
            ReleaseDiagnosis.Verdict verdict = judge.diagnose(snapshot, T0.plusSeconds(300));
            assertTrue(verdict.stuck().isEmpty(), message);
            assertEquals(1, verdict.waitingFor().size());
        }
    }

    @Test
    void aPodWithAWaitForFirstConsumerClaimThatNoNodeCanTakeIsBlamedOnCapacityNotStorage() {
        Pod pending = withClaim(unscheduled("shop-db-0", "0/1 nodes are available: 1 Insufficient memory."
                + " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."), "data-shop-db-0");
        ReleaseSnapshot snapshot = new ReleaseSnapshot(List.of(pending), List.of(), List.of(pendingClaim("data-shop-db-0")),
                List.of());
        diagnosis.diagnose(snapshot, T0);
        ReleaseDiagnosis.Stuck stuck = diagnosis.diagnose(snapshot, T0.plusSeconds(90)).stuck().orElseThrow();
        assertTrue(stuck.detail().contains("Insufficient memory"), stuck.detail());
        assertTrue(stuck.advice().contains("resources.requests"), stuck.advice());
    }

    @Test
    void aClaimItsProvisionerHasNotRefusedIsSlowNotStuck() {
        Pod pending = withClaim(unscheduled("shop-db-0", "0/1 nodes are available: pod has unbound immediate"
                + " PersistentVolumeClaims. preemption: 0/1 nodes are available"), "data-shop-db-0");
        ReleaseSnapshot snapshot = new ReleaseSnapshot(List.of(pending), List.of(), List.of(pendingClaim("data-shop-db-0")),
                List.of());
        diagnosis.diagnose(snapshot, T0);
        assertTrue(diagnosis.diagnose(snapshot, T0.plusSeconds(300)).stuck().isEmpty());
    }

    @Test
    void aQuotaWhoseUsageIsNotCountedYetIsNoRefusal() {
        diagnosis.diagnose(snapshot(List.of(), List.of(), List.of()), T0);
        assertTrue(diagnosis.diagnose(snapshot(List.of(), List.of(), List.of(warning("ReplicaSet", "shop-web-6d8f",
                "FailedCreate", "Error creating: pods \"shop-web-6d8f-x\" is forbidden: status unknown for quota:"
                        + " storefleet-quota, resources: limits.cpu,limits.memory", 1))), T0.plusSeconds(1)).stuck().isEmpty());
    }

    @Test
    void theLogTailKeepsTheNewestLinesThatFitAndCutsLongOnes() {
        var source = new ReleaseDiagnosis.LogSource("p", "c", true);
        List<String> lines = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i + " "
                + "x".repeat(i == 30 ? 500 : 100)).toList();
        String text = LogTail.appendTo("the error", source, lines, 2000);
        assertTrue(text.length() <= 2000, "length " + text.length());
        assertTrue(text.startsWith("the error\n\nLast "), text);
        assertTrue(text.contains("(the instance that crashed)"));
        assertTrue(text.endsWith("…"), "the newest line is kept, cut");
        assertFalse(text.contains("line 1 "), "the oldest lines go first");
        assertEquals("the error", LogTail.appendTo("the error", source, List.of(), 2000));
    }

    // ---- objects as Kubernetes writes them ---------------------------------------------------------

    private static ReleaseSnapshot snapshot(List<Pod> pods, List<Job> jobs, List<Event> warnings) {
        return new ReleaseSnapshot(pods, jobs, List.of(), warnings);
    }

    private static ContainerStatus waiting(String container, String reason, String message) {
        return new ContainerStatusBuilder().withName(container).withImage(IMAGE).withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    private static Pod pod(String name, ContainerStatus status) {
        return new PodBuilder().withNewMetadata().withName(name).withUid(name + "-uid")
                .withCreationTimestamp(T0.toString()).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withPhase("Pending").withContainerStatuses(status).endStatus().build();
    }

    private static Pod unscheduled(String name, String message) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(message).endCondition().endStatus().build();
    }

    private static Job job(String name, String failedReason) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName(name).withUid(name + "-uid").endMetadata();
        if (failedReason != null) {
            job.withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason(failedReason)
                    .withMessage("Job has reached the specified backoff limit").endCondition().endStatus();
        }
        return job.build();
    }

    private static Event warning(String kind, String name, String reason, String message, int count) {
        return new EventBuilder().withNewMetadata().withName(name + ".17a").withUid(name + "-" + reason).endMetadata()
                .withType("Warning").withReason(reason).withMessage(message).withCount(count)
                .withLastTimestamp(T0.toString())
                .withNewInvolvedObject().withKind(kind).withName(name).endInvolvedObject().build();
    }
    private static ContainerStatus crashLooping(String container, int restarts) {
        return new ContainerStatusBuilder().withName(container).withImage(IMAGE).withReady(false)
                .withRestartCount(restarts).withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting()
                .endState().withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endLastState().build();
    }

    private static void crashLooping(Pod pod, int restarts) {
        pod.getStatus().getContainerStatuses().get(0).setRestartCount(restarts);
    }

    /** A pod of ReplicaSet {@code deployment-hash}, as the Deployment controller makes it. */
    private static Pod owned(Pod pod, String deployment, String hash, Instant created) {
        return new PodBuilder(pod).editMetadata().addToLabels("pod-template-hash", hash)
                .withCreationTimestamp(created.toString()).addNewOwnerReference().withKind("ReplicaSet")
                .withName(deployment + "-" + hash).withController(true).endOwnerReference().endMetadata().build();
    }

    private static Pod withClaim(Pod pod, String claim) {
        return new PodBuilder(pod).editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim pendingClaim(String name) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    private static Event onContainer(Event event, String container) {
        event.getInvolvedObject().setFieldPath("spec.containers{" + container + "}");
        return event;
    }
}
