package dev.storefleet.testcluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What the simulated kubelet knows of one pod: the scheduler's verdict, and each container's
 * life (waiting, running, terminated; instances, restarts, the fault holding it). Kept in memory
 * and touched on the controllers' thread only; the pod's status is rendered from it by
 * {@link PodStatusJson} and written only when the rendering changes.
 */
final class SimulatedPod {

    enum Life { WAITING, RUNNING, TERMINATED }

    /** How a container instance ended. */
    record Terminated(String containerId, String reason, int exitCode, Instant startedAt, Instant finishedAt) {
    }

    /** A condition and when it last changed status. */
    record Condition(String status, String reason, String message, Instant since) {
    }

    static final class Container {
        final String name;
        final String image;
        final boolean init;
        Life life = Life.WAITING;
        /** Waiting reason and message (ContainerCreating, ImagePullBackOff, CrashLoopBackOff, ...). */
        String reason;
        String message;
        /** Waiting out a crash back-off: restart at {@link #nextAt}. */
        boolean backOff;
        long nextAt;
        /** When the current waiting reason began, and when its events are next repeated (nanoTime). */
        long waitingSince;
        long nextEventAt;
        int instances;
        String containerId;
        Instant startedAt;
        long runningSince;
        boolean pulled;
        Terminated terminated;
        Terminated last;
        String beforeLastId;

        Container(String name, String image, boolean init) {
            this.name = name;
            this.image = image;
            this.init = init;
        }

        int restartCount() {
            return Math.max(0, instances - 1);
        }

        boolean completed() {
            return life == Life.TERMINATED && terminated != null && terminated.exitCode() == 0;
        }

        boolean ready() {
            return init ? completed() : life == Life.RUNNING;
        }
    }

    final String namespace;
    final String name;
    final String uid;
    /** restartPolicy Never or OnFailure: containers run to completion (Job pods). */
    final boolean runsToCompletion;
    /** restartPolicy Always or OnFailure: a crashed container is restarted. */
    final boolean restartsOnCrash;
    final String jobName;
    final List<String> claims;
    final List<Container> initContainers = new ArrayList<>();
    final List<Container> containers = new ArrayList<>();
    final long startAt;
    final Map<String, Condition> conditions = new LinkedHashMap<>();
    boolean scheduled;
    String unschedulable;
    long nextSchedulingEventAt;
    Instant startTime;
    String podIp;
    /** The last status (and node) written, to leave a pod alone when nothing changed. */
    String written;
    /** Wakes: the one planned, and the earliest asked for during the current step (nanoTime). */
    long plannedWake = Long.MAX_VALUE;
    long nextWake = Long.MAX_VALUE;

    SimulatedPod(JsonNode pod, long startAt) {
        this.namespace = ObjectStore.namespaceOf(pod);
        this.name = ObjectStore.nameOf(pod);
        this.uid = Json.text(pod, "metadata", "uid");
        this.startAt = startAt;
        JsonNode spec = pod.path("spec");
        String restartPolicy = Json.text(spec, "restartPolicy");
        runsToCompletion = "Never".equals(restartPolicy) || "OnFailure".equals(restartPolicy);
        restartsOnCrash = !"Never".equals(restartPolicy);
        String job = null;
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            if ("Job".equals(Json.text(ref, "kind"))) {
                job = Json.text(ref, "name");
            }
        }
        jobName = job;
        claims = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            String claim = Json.text(v, "persistentVolumeClaim", "claimName");
            if (claim != null) {
                claims.add(claim);
            }
        }
        spec.path("initContainers").forEach(c -> initContainers.add(new Container(Json.text(c, "name"), Json.text(c, "image"), true)));
        spec.path("containers").forEach(c -> containers.add(new Container(Json.text(c, "name"), Json.text(c, "image"), false)));
        scheduled = Json.text(spec, "nodeName") != null;
    }

    boolean initialized() {
        return initContainers.stream().allMatch(Container::completed);
    }

    /** Asks for the next step no later than {@code at} (nanoTime). */
    void wakeBy(long at) {
        nextWake = Math.min(nextWake, at);
    }

    /** Sets a condition, keeping its transition time while its status stays. */
    void condition(String type, boolean status, String reason, String message) {
        String s = status ? "True" : "False";
        Condition old = conditions.get(type);
        Instant since = old != null && old.status().equals(s) ? old.since() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        conditions.put(type, new Condition(s, reason, message, since));
    }

    String phase() {
        if (!restartsOnCrash && initContainers.stream().anyMatch(c -> c.life == Life.TERMINATED && !c.completed())) {
            return "Failed";
        }
        if (!scheduled || !initialized()) {
            return "Pending";
        }
        if (runsToCompletion && containers.stream().allMatch(c -> c.life == Life.TERMINATED)) {
            return containers.stream().allMatch(Container::completed) ? "Succeeded" : "Failed";
        }
        return containers.stream().anyMatch(c -> c.instances > 0) ? "Running" : "Pending";
    }

    List<Container> all() {
        List<Container> out = new ArrayList<>(initContainers);
        out.addAll(containers);
        return out;
    }
}
