package dev.storefleet.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a release that is coming up the way an operator reads {@code kubectl describe}: for each
 * poll's {@link ReleaseSnapshot} it says, in the cluster's terms, what the release is waiting for,
 * or that it is stuck in a state Kubernetes would retry for ever (an image that cannot be pulled,
 * a crash loop, a pod no node can take, a failed setup Job, a quota refusal) and what to do.
 *
 * <p>One instance follows one rollout: grace periods count from when this console first saw a
 * state (not from cluster timestamps, so a skewed clock cannot fail a store early), and what was
 * already there when the rollout began (an earlier run's failed Job, an old quota event) is the
 * baseline, never a reason to fail this one.
 */
final class ReleaseDiagnosis {

    /** Where the failing container's log is read from; {@code previous} for a crash loop. */
    record LogSource(String pod, String container, boolean previous) {
    }

    /**
     * Why the release will not come up by itself.
     *
     * @param object    "pod shop-db-0" or "replicaset shop-web-6d8f": what Kubernetes reports on
     * @param container the container, or null when the problem is the pod's or its owner's
     * @param image     the container's image, or null
     * @param reason    Kubernetes' reason (ImagePullBackOff, CrashLoopBackOff, Unschedulable, ...)
     * @param detail    Kubernetes' message, as it said it
     * @param advice    what the operator can do, one or two sentences
     * @param log       whose log tail to keep with the error, if any
     */
    record Stuck(String object, String container, String image, String reason, String detail, String advice,
            Optional<LogSource> log) {

        /** One paragraph: what, where, Kubernetes' words, and what to do. */
        String describe() {
            StringBuilder s = new StringBuilder(reason).append(" in ").append(object);
            if (container != null) {
                s.append(", container ").append(container);
            }
            if (image != null) {
                s.append(" (image ").append(image).append(')');
            }
            if (detail != null && !detail.isBlank()) {
                s.append(": ").append(ClusterErrors.oneLine(detail));
            }
            return s.append(". ").append(advice).toString();
        }
    }

    /** One poll's judgement: stuck, or what it is still waiting for (empty when nothing pod-level is). */
    record Verdict(List<String> waitingFor, Optional<Stuck> stuck) {
        static Verdict stuck(Stuck stuck) {
            return new Verdict(List.of(), Optional.of(stuck));
        }
    }

    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff");
    private static final String TEMPLATE_HASH = "pod-template-hash";
    private static final Set<String> BAD_IMAGE_NAMES = Set.of("InvalidImageName", "ErrImageNeverPull");

    private final DiagnosisRules rules;
    /** The chart value that sets an image ("medusa.image"), when the release's values say. */
    private final Function<String, Optional<String>> imageValue;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private Map<String, Integer> eventBaseline;
    /**
     * Jobs there before the rollout: Helm replaces its hook Job (before-hook-creation), so none of
     * them is this rollout's, even one of an earlier run that fails only now.
     */
    private Set<String> jobBaseline;
    /** Restarts each container of a pod had before the rollout: only restarts since then count. */
    private Map<String, Integer> restartBaseline;

    ReleaseDiagnosis(DiagnosisRules rules, Function<String, Optional<String>> imageValue) {
        this.rules = rules;
        this.imageValue = imageValue;
    }

    /** Judges one poll; the first call also takes the baseline. */
    synchronized Verdict diagnose(ReleaseSnapshot snapshot, Instant now) {
        if (eventBaseline == null) {
            eventBaseline = new HashMap<>();
            snapshot.warnings().forEach(e -> eventBaseline.put(uid(e), count(e)));
            jobBaseline = new HashSet<>();
            snapshot.jobs().stream().map(j -> j.getMetadata().getUid()).forEach(jobBaseline::add);
            restartBaseline = new HashMap<>();
            for (Pod pod : snapshot.pods()) {
                statusesOf(pod).forEach(c -> restartBaseline.put(restartKey(pod, c), restarts(c)));
            }
        }
        Set<String> replaced = supersededByNewerReplicaSet(snapshot.pods());
        Set<String> seenNow = new HashSet<>();
        List<String> waiting = new ArrayList<>();
        Optional<Stuck> stuck = quotaOrAdmissionRefusal(snapshot).or(() -> failedJob(snapshot));
        for (Pod pod : snapshot.pods()) {
            if (stuck.isPresent()) {
                break;
            }
            if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                    || "Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase())) {
                continue; // going away, or a finished Job attempt (failedJob judges those)
            }
            if (replaced.contains(pod.getMetadata().getUid())) {
                continue; // an older ReplicaSet's pod: the Deployment removes it once the new one is ready
            }
            stuck = unschedulable(pod, snapshot, now, seenNow, waiting).or(() -> containers(pod, snapshot, now, seenNow,
                    waiting));
        }
        firstSeen.keySet().retainAll(seenNow); // a state that cleared starts its grace afresh if it comes back
        return stuck.map(Verdict::stuck).orElseGet(() -> new Verdict(List.copyOf(waiting), Optional.empty()));
    }

    // ---- pods ------------------------------------------------------------------------------------

    private Optional<Stuck> unschedulable(Pod pod, ReleaseSnapshot snapshot, Instant now, Set<String> seen,
            List<String> waiting) {
        Optional<PodCondition> scheduled = pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
        if (scheduled.isEmpty() || !"False".equals(scheduled.get().getStatus())) {
            return Optional.empty();
        }
        String name = pod.getMetadata().getName();
        String message = Optional.ofNullable(scheduled.get().getMessage()).orElse("not scheduled yet");
        waiting.add(name + " Pending: " + firstSentence(message));
        // Only capacity and storage are stuck states: a taint of a node that is not ready yet, pod
        // affinity to a pod still being scheduled or a node being added heal by themselves.
        String lower = message.toLowerCase(Locale.ROOT);
        boolean storage = lower.contains("persistentvolumeclaim") || lower.contains("volume");
        // ... unless a cluster autoscaler said it is adding a node for this pod.
        boolean capacity = (lower.contains("insufficient") || lower.contains("too many pods"))
                && !scalingUpFor(snapshot, name);
        if (!"Unschedulable".equals(scheduled.get().getReason()) || !(storage || capacity)
                || !pastGrace(name + "|scheduling", rules.schedulingGrace(), now, seen)) {
            return Optional.empty();
        }
        Optional<PersistentVolumeClaim> pendingClaim = storage ? claimsOf(pod, snapshot).stream()
                .filter(c -> c.getStatus() == null || !"Bound".equals(c.getStatus().getPhase())).findFirst()
                : Optional.empty(); // a WaitForFirstConsumer claim stays Pending while its pod cannot be placed
        if (pendingClaim.isPresent()) {
            String claim = pendingClaim.get().getMetadata().getName();
            Optional<String> refusal = latestWarning(snapshot, "PersistentVolumeClaim", claim).map(Event::getMessage);
            if (refusal.isEmpty()) {
                return Optional.empty(); // its provisioner has not refused it: slow, not stuck
            }
            String why = refusal.get();
            String advice = why.contains("no storage class") || why.contains("storageclass")
                    ? "The cluster has no usable StorageClass for claim " + claim + ": install one (k3s ships"
                            + " local-path) or set the chart's persistence.storageClass, then retry."
                    : "Claim " + claim + " is not bound: check it and the cluster's storage provisioner, then retry.";
            return Optional.of(new Stuck("pod " + name, null, null, "Unschedulable",
                    "claim " + claim + " Pending: " + why, advice, Optional.empty()));
        }
        String advice = capacity
                ? "No node has the CPU or memory this pod requests: free capacity or add a node, or lower the"
                        + " chart's resources.requests, then retry."
                : "No node can take this pod with its volumes: check the claims' volumes and the nodes they are"
                        + " bound to, then retry.";
        return Optional.of(new Stuck("pod " + name, null, null, "Unschedulable", message
                + " (for " + describe(rules.schedulingGrace()) + " or more)", advice, Optional.empty()));
    }

    private Optional<Stuck> containers(Pod pod, ReleaseSnapshot snapshot, Instant now, Set<String> seen,
            List<String> waiting) {
        String name = pod.getMetadata().getName();
        String firstWait = null;
        for (ContainerStatus c : statusesOf(pod)) {
            ContainerStateWaiting w = c.getState() == null ? null : c.getState().getWaiting();
            ContainerStateTerminated last = c.getLastState() == null ? null : c.getLastState().getTerminated();
            ContainerStateTerminated now_ = c.getState() == null ? null : c.getState().getTerminated();
            int restarts = restarts(c);
            // A pod that crash-looped before this rollout (the one an upgrade replaces) is not this
            // rollout's crash loop: only restarts since the rollout began count.
            int restartsSince = restarts - restartBaseline.getOrDefault(restartKey(pod, c), 0);
            String reason = w == null ? null : w.getReason();
            String image = c.getImage();
            if (reason != null && PULL_FAILURES.contains(reason)) {
                String detail = pullError(snapshot, name, c.getName()).orElse(w.getMessage());
                if (pastGrace(name + "|" + c.getName() + "|pull", rules.imagePullGrace(), now, seen)) {
                    return Optional.of(new Stuck("pod " + name, c.getName(), image, reason, detail,
                            pullAdvice(image, detail), Optional.empty()));
                }
                firstWait = firstWait != null ? firstWait : name + ": cannot pull image " + image + " yet (" + reason
                        + "), retrying";
            } else if (reason != null && BAD_IMAGE_NAMES.contains(reason)) {
                return Optional.of(new Stuck("pod " + name, c.getName(), image, reason, w.getMessage(),
                        "The image reference is not valid: check " + imageValueWords(image) + ", then retry.",
                        Optional.empty()));
            } else if ("CreateContainerConfigError".equals(reason) || "CreateContainerError".equals(reason)) {
                if (pastGrace(name + "|" + c.getName() + "|config", rules.configGrace(), now, seen)) {
                    return Optional.of(new Stuck("pod " + name, c.getName(), image, reason, w.getMessage(),
                            "The container cannot be created as configured (a missing Secret, ConfigMap or key, a"
                                    + " volume subPath): create what it names or fix the chart values, then retry.",
                            Optional.empty()));
                }
                firstWait = firstWait != null ? firstWait : name + ": " + c.getName() + " waits for its configuration ("
                        + w.getMessage() + ")";
            } else if ("CrashLoopBackOff".equals(reason) || (now_ != null && nonZero(now_))
                    || (last != null && nonZero(last) && !Boolean.TRUE.equals(c.getReady()))) {
                if (restartsSince >= rules.crashRestarts() && ("CrashLoopBackOff".equals(reason) || now_ != null)) {
                    ContainerStateTerminated end = now_ != null ? now_ : last;
                    return Optional.of(new Stuck("pod " + name, c.getName(), image, "CrashLoopBackOff",
                            "restarted " + restarts + " times" + (end == null ? "" : ", last exit " + exit(end)),
                            crashAdvice(end), Optional.of(new LogSource(name, c.getName(), now_ == null))));
                }
                firstWait = firstWait != null ? firstWait : name + ": " + c.getName() + " restarted " + restarts
                        + (restarts == 1 ? " time" : " times") + (last == null ? "" : " (" + exit(last) + ")");
            } else if (firstWait == null && reason != null) {
                firstWait = "ContainerCreating".equals(reason) || "PodInitializing".equals(reason)
                        ? name + ": starting " + c.getName() + " (image " + image + ")"
                        : name + ": " + c.getName() + " " + reason;
            } else if (firstWait == null && c.getState() != null && c.getState().getRunning() != null
                    && !Boolean.TRUE.equals(c.getReady())) {
                firstWait = name + ": " + c.getName() + " running, not ready yet";
            }
        }
        if (firstWait != null) {
            waiting.add(firstWait);
        }
        return Optional.empty();
    }

    private String pullAdvice(String image, String detail) {
        String lower = String.valueOf(detail).toLowerCase(Locale.ROOT);
        if (lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("pull access denied")
                || lower.contains("unauthorized") || lower.contains("denied")) {
            return "Image " + image + " does not exist or is private: check " + imageValueWords(image)
                    + " (and imagePullSecrets for a private registry), then retry.";
        }
        return "The nodes cannot pull image " + image + ": check that they reach its registry (DNS, proxy, firewall)"
                + " and " + imageValueWords(image) + ", then retry.";
    }

    private String imageValueWords(String image) {
        return image == null ? "the chart's image values" : imageValue.apply(image)
                .map(path -> path + ".repository and " + path + ".tag").orElse("the chart's image values");
    }

    private static String crashAdvice(ContainerStateTerminated end) {
        if (end != null && "OOMKilled".equals(end.getReason())) {
            return "It ran out of memory: raise the container's resources.limits.memory in the chart values, then"
                    + " retry.";
        }
        return "It exits soon after starting: its log below says why. Fix the cause (values, secrets, the database"
                + " it needs), then retry.";
    }

    // ---- Jobs, quota and admission ---------------------------------------------------------------

    private Optional<Stuck> failedJob(ReleaseSnapshot snapshot) {
        for (Job job : snapshot.jobs()) {
            Optional<JobCondition> failed = condition(job, "Failed");
            if (failed.isEmpty() || jobBaseline.contains(job.getMetadata().getUid())) {
                continue;
            }
            String name = job.getMetadata().getName();
            Optional<Pod> attempt = snapshot.pods().stream()
                    .filter(p -> attemptOf(p, job))
                    .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
            Optional<ContainerStatus> failedContainer = attempt.flatMap(p -> Optional.ofNullable(p.getStatus())
                    .map(s -> Stream.concat(Optional.ofNullable(s.getInitContainerStatuses()).orElse(List.of()).stream(),
                            Optional.ofNullable(s.getContainerStatuses()).orElse(List.of()).stream()).toList())
                    .orElse(List.of()).stream()
                    .filter(c -> c.getState() != null && c.getState().getTerminated() != null && nonZero(c.getState().getTerminated()))
                    .findFirst());
            String reason = Optional.ofNullable(failed.get().getReason()).orElse("Failed");
            String advice = "DeadlineExceeded".equals(reason)
                    ? "The setup ran longer than its deadline: its log below shows where it stopped; check what it"
                            + " waits for (the store's database or server), then retry."
                    : "The setup failed on every attempt: its log below says why. Fix the cause, then retry.";
            return Optional.of(new Stuck("job " + name, failedContainer.map(ContainerStatus::getName).orElse(null),
                    failedContainer.map(ContainerStatus::getImage).orElse(null), reason, failed.get().getMessage(),
                    advice, attempt.map(p -> new LogSource(p.getMetadata().getName(),
                            failedContainer.map(ContainerStatus::getName).orElse(null), false))));
        }
        return Optional.empty();
    }

    /** A controller refused to create a pod (quota, LimitRange, admission): it retries for ever. */
    private Optional<Stuck> quotaOrAdmissionRefusal(ReleaseSnapshot snapshot) {
        return snapshot.warnings().stream()
                .filter(e -> "FailedCreate".equals(e.getReason()) && String.valueOf(e.getMessage()).contains("forbidden"))
                // A quota created moments ago refuses everything until the quota controller counts
                // its usage; the controller that was refused retries and gets through.
                .filter(e -> !String.valueOf(e.getMessage()).contains("status unknown for quota"))
                .filter(e -> count(e) > eventBaseline.getOrDefault(uid(e), 0))
                .max(Comparator.comparing(ReleaseDiagnosis::lastSeen))
                .map(e -> {
                    String message = e.getMessage();
                    String advice = message.contains("exceeded quota")
                            ? "The namespace's quota has no room for it: lower the chart's resources (requests and"
                                    + " limits), or remove what else runs in the namespace, then retry."
                            : "The cluster refuses pods like this one (a limit or an admission policy): change the"
                                    + " chart values it names, then retry.";
                    String object = e.getInvolvedObject() == null ? "the namespace"
                            : e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT) + " " + e.getInvolvedObject().getName();
                    return new Stuck(object, null, null, "FailedCreate", message, advice, Optional.empty());
                });
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The registry's words for a container's failed pull: the kubelet's "Failed to pull image ..."
     * event for that container, not its "Error: ImagePullBackOff" that follows it and says nothing.
     */
    private static Optional<String> pullError(ReleaseSnapshot snapshot, String pod, String container) {
        return snapshot.warnings().stream()
                .filter(e -> e.getInvolvedObject() != null && "Pod".equals(e.getInvolvedObject().getKind())
                        && pod.equals(e.getInvolvedObject().getName()))
                .filter(e -> e.getInvolvedObject().getFieldPath() == null
                        || e.getInvolvedObject().getFieldPath().endsWith("{" + container + "}"))
                .filter(e -> String.valueOf(e.getMessage()).startsWith("Failed to pull image"))
                .max(Comparator.comparing(ReleaseDiagnosis::lastSeen)).map(Event::getMessage);
    }

    /**
     * Pods of a Deployment's older ReplicaSet while a newer one has pods: an upgrade or rollback
     * replaces them, so how they fail is not this rollout's.
     */
    private static Set<String> supersededByNewerReplicaSet(List<Pod> pods) {
        Map<String, Pod> newest = new HashMap<>();
        for (Pod pod : pods) {
            deploymentOf(pod).ifPresent(d -> newest.merge(d, pod, (a, b) -> created(b).compareTo(created(a)) > 0 ? b : a));
        }
        Set<String> superseded = new HashSet<>();
        for (Pod pod : pods) {
            deploymentOf(pod).filter(d -> !labels(pod).get(TEMPLATE_HASH).equals(labels(newest.get(d)).get(TEMPLATE_HASH)))
                    .ifPresent(d -> superseded.add(pod.getMetadata().getUid()));
        }
        return superseded;
    }

    /** The Deployment a pod belongs to: its ReplicaSet's name without the template hash. */
    private static Optional<String> deploymentOf(Pod pod) {
        String hash = labels(pod).get(TEMPLATE_HASH);
        return Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(o -> "ReplicaSet".equals(o.getKind()) && hash != null && o.getName().endsWith("-" + hash))
                .map(o -> o.getName().substring(0, o.getName().length() - hash.length() - 1)).findFirst();
    }

    private static Instant created(Pod pod) {
        String at = pod.getMetadata().getCreationTimestamp();
        return at == null ? Instant.MIN : Instant.parse(at);
    }

    private static List<ContainerStatus> statusesOf(Pod pod) {
        return pod.getStatus() == null ? List.of() : Stream.concat(
                Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()).toList();
    }

    private static String restartKey(Pod pod, ContainerStatus c) {
        return pod.getMetadata().getUid() + "|" + c.getName();
    }

    private static int restarts(ContainerStatus c) {
        return c.getRestartCount() == null ? 0 : c.getRestartCount();
    }

    private boolean pastGrace(String key, Duration grace, Instant now, Set<String> seen) {
        seen.add(key);
        Instant since = firstSeen.computeIfAbsent(key, k -> now);
        return !now.isBefore(since.plus(grace));
    }

    /** Cluster Autoscaler's TriggeredScaleUp, Karpenter's Nominated: a node for this pod is on its way. */
    private static boolean scalingUpFor(ReleaseSnapshot snapshot, String pod) {
        return snapshot.warnings().stream().anyMatch(e -> e.getInvolvedObject() != null
                && "Pod".equals(e.getInvolvedObject().getKind()) && pod.equals(e.getInvolvedObject().getName())
                && ("TriggeredScaleUp".equals(e.getReason()) || "Nominated".equals(e.getReason())));
    }

    private static List<PersistentVolumeClaim> claimsOf(Pod pod, ReleaseSnapshot snapshot) {
        Set<String> names = new HashSet<>();
        for (Volume v : Optional.ofNullable(pod.getSpec()).map(s -> s.getVolumes()).orElse(List.of())) {
            if (v.getPersistentVolumeClaim() != null) {
                names.add(v.getPersistentVolumeClaim().getClaimName());
            }
        }
        return snapshot.claims().stream().filter(c -> names.contains(c.getMetadata().getName())).toList();
    }

    private static Optional<Event> latestWarning(ReleaseSnapshot snapshot, String kind, String name) {
        return snapshot.warnings().stream()
                .filter(e -> e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                .max(Comparator.comparing(ReleaseDiagnosis::lastSeen));
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? Optional.empty()
                : job.getStatus().getConditions().stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    /**
     * A pod of this Job, not of an earlier Job of the same name (Helm recreates its hook Job under
     * the same name; the old one's pods may still be there): matched by the controller's uid.
     */
    private static boolean attemptOf(Pod pod, Job job) {
        String uid = job.getMetadata().getUid();
        Map<String, String> labels = labels(pod);
        String controllerUid = labels.getOrDefault("batch.kubernetes.io/controller-uid", labels.get("controller-uid"));
        if (controllerUid != null && uid != null) {
            return controllerUid.equals(uid);
        }
        String name = job.getMetadata().getName();
        return name.equals(labels.get("batch.kubernetes.io/job-name")) || name.equals(labels.get("job-name"));
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static boolean nonZero(ContainerStateTerminated t) {
        return t.getExitCode() != null && t.getExitCode() != 0;
    }

    private static String exit(ContainerStateTerminated t) {
        return (t.getReason() == null ? "exit" : t.getReason()) + " code " + t.getExitCode();
    }

    private static String uid(Event e) {
        return e.getMetadata().getUid() != null ? e.getMetadata().getUid() : e.getMetadata().getName();
    }

    private static int count(Event e) {
        return e.getCount() == null ? 1 : e.getCount();
    }

    private static String lastSeen(Event e) {
        return String.valueOf(e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getMetadata().getCreationTimestamp());
    }

    /** "0/1 nodes are available: 1 Insufficient memory" out of the scheduler's longer message. */
    static String firstSentence(String message) {
        int end = message.indexOf(". ");
        return end < 0 ? message.replaceAll("\\.$", "") : message.substring(0, end);
    }

    private static String describe(Duration d) {
        return d.toSeconds() >= 120 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
