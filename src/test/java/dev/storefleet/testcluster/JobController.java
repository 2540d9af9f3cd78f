package dev.storefleet.testcluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Job controller: one pod {@code <job>-<5 chars>} per attempt (up to {@code parallelism} at
 * once), {@code succeeded}/{@code failed} counted from their phases, {@code Complete} once
 * {@code completions} pods succeeded, {@code Failed} with {@code BackoffLimitExceeded} after
 * {@code backoffLimit + 1} failed pods (retried at once: no exponential back-off), or with
 * {@code DeadlineExceeded} a tick after it started when a deadline fault matches a Job that has
 * {@code activeDeadlineSeconds}, or once {@code startTime + activeDeadlineSeconds} has passed (a
 * deadline lowered on a running Job included, as the real controller does). Failing deletes the
 * Job's running pods.
 */
final class JobController {

    static final String COMPONENT = "job-controller";

    private final ObjectStore store;
    private final PodFaults faults;
    private final ClusterEvents events;
    /** When a deadline fault was first seen on a running Job (nanoTime), by Job uid. */
    private final Map<String, Long> deadlineSeen = new HashMap<>();

    JobController(ObjectStore store, PodFaults faults, ClusterEvents events) {
        this.store = store;
        this.faults = faults;
        this.events = events;
    }

    /** Returns whether the Job needs another look in a tick (a refused pod, a deadline running out). */
    boolean reconcile(ObjectNode job, long tickNanos) {
        String name = ObjectStore.nameOf(job);
        String uid = Json.text(job, "metadata", "uid");
        List<ObjectNode> pods = Workloads.controlled(store, job, "Pod");
        if (Workloads.conditionIs(job, "Complete", "True") || Workloads.conditionIs(job, "Failed", "True")) {
            if (Workloads.conditionIs(job, "Failed", "True")) {
                pods.stream().filter(JobController::active).forEach(store::deleteWithDependents);
            }
            deadlineSeen.remove(uid);
            return false;
        }
        long succeeded = pods.stream().filter(p -> "Succeeded".equals(Workloads.podPhase(p))).count();
        long failed = pods.stream().filter(p -> "Failed".equals(Workloads.podPhase(p))).count();
        long active = pods.stream().filter(JobController::active).count();
        long completions = Json.number(job, 1, "spec", "completions");
        long parallelism = Json.number(job, 1, "spec", "parallelism");
        long backoffLimit = Json.number(job, 6, "spec", "backoffLimit");
        ObjectNode next = job.deepCopy();
        ObjectNode status = next.withObject("status");
        if (!status.has("startTime")) {
            status.put("startTime", PodStatusJson.now().toString());
        }
        boolean again = false;
        String now = PodStatusJson.now().toString();
        boolean deadlineFault = faults.jobDeadline(name).isPresent() && job.path("spec").has("activeDeadlineSeconds");
        if (deadlineFault && active > 0 && !deadlineSeen.containsKey(uid)) {
            deadlineSeen.put(uid, System.nanoTime());
        }
        Long seen = deadlineSeen.get(uid);
        boolean pastDeadline = job.path("spec").has("activeDeadlineSeconds") && status.has("startTime")
                && !PodStatusJson.now().isBefore(java.time.Instant.parse(status.path("startTime").asString())
                        .plusSeconds(job.path("spec").path("activeDeadlineSeconds").asLong()));
        if ((deadlineFault && seen != null && System.nanoTime() - seen >= tickNanos) || pastDeadline) {
            fail(job, status, "DeadlineExceeded", "Job was active longer than specified deadline");
            pods.stream().filter(JobController::active).forEach(store::deleteWithDependents);
            active = 0;
        } else if (succeeded >= completions) {
            Workloads.setCondition(status, "SuccessCriteriaMet", true, "CompletionsReached",
                    "Reached expected number of succeeded pods", false);
            Workloads.setCondition(status, "Complete", true, "CompletionsReached",
                    "Reached expected number of succeeded pods", false);
            status.put("completionTime", now);
        } else if (failed > backoffLimit) {
            fail(job, status, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        } else {
            long wanted = Math.min(parallelism, completions - succeeded) - active;
            for (long i = 0; i < wanted; i++) {
                String podName = name + "-" + Workloads.randomSuffix();
                Optional<PodFaults.Quota> quota = faults.quota(podName);
                if (quota.isPresent()) {
                    events.record(ClusterEvents.Involved.of(job), "Warning", "FailedCreate",
                            "Error creating: " + ReplicaSetController.quotaMessage(quota.get(), podName), COMPONENT, "FailedCreate");
                    again = true;
                    break;
                }
                if (!store.tryCreate(newPod(job, podName)).ok()) {
                    return false; // the namespace is going away
                }
                active++;
            }
            // A deadline runs out with nothing else changing: a real controller requeues the Job for it.
            again |= (deadlineFault || job.path("spec").has("activeDeadlineSeconds")) && active > 0;
        }
        Workloads.count(status, "active", active);
        status.put("ready", pods.stream().filter(Workloads::podReady).count());
        Workloads.count(status, "succeeded", succeeded);
        Workloads.count(status, "failed", failed);
        status.put("terminating", 0);
        status.putObject("uncountedTerminatedPods");
        if (!next.equals(job)) {
            store.replace(next);
        }
        return again;
    }

    private void fail(ObjectNode job, ObjectNode status, String reason, String message) {
        Workloads.setCondition(status, "FailureTarget", true, reason, message, false);
        Workloads.setCondition(status, "Failed", true, reason, message, false);
        events.warning(ClusterEvents.Involved.of(job), reason, message, COMPONENT);
    }

    private static boolean active(JsonNode pod) {
        String phase = Workloads.podPhase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static ObjectNode newPod(ObjectNode job, String podName) {
        String uid = Json.text(job, "metadata", "uid");
        String name = ObjectStore.nameOf(job);
        ObjectNode pod = Workloads.newPod(job, job.path("spec").path("template"), podName, name + "-", Map.of(
                "batch.kubernetes.io/controller-uid", uid, "batch.kubernetes.io/job-name", name,
                "controller-uid", uid, "job-name", name));
        pod.withObject("metadata").withObject("annotations").put("batch.kubernetes.io/job-tracking", "");
        return pod;
    }
}
