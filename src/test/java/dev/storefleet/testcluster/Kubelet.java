package dev.storefleet.testcluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.storefleet.testcluster.ClusterEvents.Involved;
import dev.storefleet.testcluster.ObjectStore.Event;
import dev.storefleet.testcluster.ObjectStore.EventType;
import dev.storefleet.testcluster.PodFaults.Rule;
import dev.storefleet.testcluster.SimulatedPod.Container;
import dev.storefleet.testcluster.SimulatedPod.Life;
import dev.storefleet.testcluster.SimulatedPod.Terminated;
import dev.storefleet.testcluster.Resources.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the scheduler and the kubelet of one node ({@value ClusterEvents#NODE}) for every pod:
 * binds it (unless a fault or an unbound claim says no), starts its init containers one after
 * the other and then its containers {@code readyAfter} after the pod was created, and reports
 * through the pod's status and Warning events what the faults in {@link PodFaults} do to it.
 *
 * <p>Work is proportional to pods in transition: a pod is looked at when it is due (its start
 * time, a crash back-off's end, the next tick while a fault holds it), never while steady, and
 * its status is written only when it renders differently. All of it runs on the controllers'
 * thread.
 */
final class Kubelet {

    static final Duration DEFAULT_TICK = Duration.ofMillis(200);
    static final Duration DEFAULT_CRASH_RESTART_EVERY = Duration.ofMillis(300);
    private static final Resource PODS = Resources.require("v1", "Pod");
    private static final Resource PVCS = Resources.require("v1", "PersistentVolumeClaim");
    private static final String PREEMPTION = " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
    static final String DEFAULT_UNSCHEDULABLE = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes"
            + " are available: 1 No preemption victims found for incoming pod.";

    private final ObjectStore store;
    private final ScheduledExecutorService thread;
    private final PodFaults faults;
    private final ClusterEvents events;
    private final ContainerLogs logs;
    private final Supplier<Duration> readyAfter;
    private final Map<String, SimulatedPod> pods = new HashMap<>();
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private volatile Duration tick = DEFAULT_TICK;
    private volatile Duration crashRestartEvery = DEFAULT_CRASH_RESTART_EVERY;

    Kubelet(ObjectStore store, ScheduledExecutorService thread, PodFaults faults, ClusterEvents events,
            ContainerLogs logs, Supplier<Duration> readyAfter) {
        this.store = store;
        this.thread = thread;
        this.faults = faults;
        this.events = events;
        this.logs = logs;
        this.readyAfter = readyAfter;
    }

    void tick(Duration every) {
        tick = every;
    }

    void crashRestartEvery(Duration every) {
        crashRestartEvery = every;
    }

    void resetTimings() {
        tick = DEFAULT_TICK;
        crashRestartEvery = DEFAULT_CRASH_RESTART_EVERY;
    }

    // ---- what reaches the kubelet ---------------------------------------------------------------

    /** A pod was created or deleted (called under the store's lock; the work happens on the controllers' thread). */
    void podChanged(Event e) {
        if (e.type() == EventType.ADDED) {
            ObjectNode pod = e.object();
            long startAt = System.nanoTime() + readyAfter.get().toNanos();
            thread.execute(() -> track(pod, startAt));
        } else if (e.type() == EventType.DELETED) {
            String uid = Json.text(e.object(), "metadata", "uid");
            thread.execute(() -> forget(uid));
        }
    }

    /** A claim was bound: pods waiting for it may be scheduled now. */
    void claimBound(String namespace, String claim) {
        thread.execute(() -> {
            for (SimulatedPod p : pods.values()) {
                if (!p.scheduled && p.namespace.equals(namespace) && p.claims.contains(claim)) {
                    wakeAt(p, System.nanoTime());
                }
            }
        });
    }

    /** Faults were added or lifted: every pod is looked at once (in memory; only changed ones are written). */
    void faultsChanged() {
        thread.execute(() -> {
            long now = System.nanoTime();
            for (SimulatedPod p : pods.values()) {
                wakeAt(p, now);
            }
        });
    }

    /** Adds lines to the log of the container's current (or last) instance. */
    void appendLog(String namespace, String pod, String container, String... lines) {
        ObjectNode p = store.get(PODS, namespace, pod);
        if (p == null) {
            throw new IllegalArgumentException("no pod " + namespace + "/" + pod);
        }
        PodLogEndpoint.Choice choice = PodLogEndpoint.choose(p, container, false);
        ContainerLogs.Log log = logs.get(choice.containerId());
        if (log == null) {
            throw new IllegalStateException("pod " + namespace + "/" + pod + ": " + (choice.error() != null ? choice.error()
                    : "container \"" + container + "\" has no log"));
        }
        log.append(lines);
    }

    int trackedPods() {
        return pods.size();
    }

    // ---- the pod's life -------------------------------------------------------------------------

    private void track(ObjectNode pod, long startAt) {
        String uid = Json.text(pod, "metadata", "uid");
        if (uid == null || pods.containsKey(uid)) {
            return;
        }
        SimulatedPod p = new SimulatedPod(pod, startAt);
        if (p.scheduled) {
            bound(p);
        }
        pods.put(uid, p);
        advance(p);
    }

    private void forget(String uid) {
        SimulatedPod p = pods.remove(uid);
        if (p != null) {
            for (Container c : p.all()) {
                logs.drop(c.containerId);
                logs.drop(c.beforeLastId);
                if (c.last != null) {
                    logs.drop(c.last.containerId());
                }
            }
        }
    }

    private void wakeAt(SimulatedPod p, long at) {
        if (at >= p.plannedWake) {
            return; // an earlier step is planned; it plans the next one
        }
        p.plannedWake = at;
        long delay = Math.max(0, at - System.nanoTime());
        thread.schedule(() -> {
            if (pods.get(p.uid) == p && p.plannedWake == at) {
                advance(p);
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    private void advance(SimulatedPod p) {
        try {
            long now = System.nanoTime();
            p.plannedWake = Long.MAX_VALUE;
            p.nextWake = Long.MAX_VALUE;
            List<Runnable> warnings = new ArrayList<>();
            if (!p.scheduled) {
                schedule(p, now, warnings);
            }
            if (p.scheduled) {
                if (now < p.startAt) {
                    p.wakeBy(p.startAt);
                } else {
                    run(p, now, warnings);
                }
            }
            conditions(p);
            write(p);
            warnings.forEach(Runnable::run);
            if (p.nextWake != Long.MAX_VALUE) {
                wakeAt(p, p.nextWake);
            }
        } catch (RuntimeException e) {
            System.err.println("testcluster: kubelet step of pod " + p.namespace + "/" + p.name + " failed: " + e);
            wakeAt(p, System.nanoTime() + tick.toNanos());
        }
    }

    // ---- the scheduler --------------------------------------------------------------------------

    private void schedule(SimulatedPod p, long now, List<Runnable> warnings) {
        String refusal = faults.unschedulable(p.name)
                .map(u -> u.message() == null ? DEFAULT_UNSCHEDULABLE : u.message()).orElse(null);
        boolean waitForClaims = false;
        if (refusal == null) {
            for (String claim : p.claims) {
                ObjectNode pvc = store.get(PVCS, p.namespace, claim);
                if (pvc == null) {
                    refusal = "0/1 nodes are available: persistentvolumeclaim \"" + claim + "\" not found." + PREEMPTION;
                } else if (!"Bound".equals(Json.text(pvc, "status", "phase"))) {
                    if (faults.noStorageClass().isPresent()) {
                        refusal = "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims." + PREEMPTION;
                    } else {
                        waitForClaims = true; // being bound: wait quietly, claimBound wakes us
                    }
                }
                if (refusal != null) {
                    break;
                }
            }
        }
        if (refusal != null) {
            boolean first = !refusal.equals(p.unschedulable);
            p.unschedulable = refusal;
            if (first || now >= p.nextSchedulingEventAt) {
                String message = refusal;
                warnings.add(() -> events.warning(Involved.of(podRef(p)), "FailedScheduling", message, ClusterEvents.SCHEDULER));
                p.nextSchedulingEventAt = now + crashRestartEvery.toNanos();
            }
            p.wakeBy(now + tick.toNanos());
            return;
        }
        if (waitForClaims) {
            p.wakeBy(now + tick.toNanos());
            return;
        }
        p.unschedulable = null;
        bound(p);
    }

    private void bound(SimulatedPod p) {
        p.scheduled = true;
        p.startTime = PodStatusJson.now();
        int n = nextIp.getAndIncrement();
        p.podIp = "10.42." + (n / 250) + "." + (n % 250 + 1);
        for (Container c : p.all()) {
            c.reason = p.initContainers.isEmpty() ? "ContainerCreating" : "PodInitializing";
        }
    }

    // ---- the kubelet ----------------------------------------------------------------------------

    private void run(SimulatedPod p, long now, List<Runnable> warnings) {
        for (Container c : p.initContainers) {
            if (!c.completed()) {
                step(p, c, now, warnings);
                if (c.life == Life.RUNNING) {
                    terminate(c, "Completed", 0, List.of()); // init containers do their work at once
                }
                if (!c.completed()) {
                    return; // the next one waits for this one
                }
            }
        }
        for (Container c : p.containers) {
            step(p, c, now, warnings);
        }
    }

    private void step(SimulatedPod p, Container c, long now, List<Runnable> warnings) {
        switch (c.life) {
            case WAITING -> {
                Optional<PodFaults.Crash> crash = faults.crash(p.name, c.name);
                if (c.backOff && crash.isPresent() && now < c.nextAt) {
                    p.wakeBy(c.nextAt);
                    return;
                }
                if (!c.backOff) {
                    Optional<Rule> blocker = faults.startBlocker(p.name, c.name, c.image);
                    if (blocker.isPresent()) {
                        waitOn(p, c, blocker.get(), now, warnings);
                        return;
                    }
                }
                start(p, c, now);
                crash.ifPresent(rule -> crash(p, c, rule, now, warnings));
                if (c.life == Life.RUNNING && p.runsToCompletion && !c.init) {
                    p.wakeBy(now + tick.toNanos()); // runs for a tick, then ends
                }
            }
            case RUNNING -> {
                Optional<PodFaults.Crash> crash = faults.crash(p.name, c.name);
                if (crash.isPresent() && !c.init) {
                    crash(p, c, crash.get(), now, warnings);
                } else if (p.runsToCompletion && !c.init) {
                    if (faults.jobDeadline(p.jobName).isPresent()) {
                        p.wakeBy(now + tick.toNanos()); // hangs until its Job's deadline ends it
                    } else if (now - c.runningSince >= tick.toNanos()) {
                        Optional<PodFaults.JobFails> fails = faults.jobFails(p.jobName);
                        terminate(c, fails.isPresent() ? "Error" : "Completed", fails.isPresent() ? 1 : 0,
                                fails.map(PodFaults.JobFails::logLines).orElse(List.of()));
                    } else {
                        p.wakeBy(c.runningSince + tick.toNanos());
                    }
                }
            }
            case TERMINATED -> {
            }
        }
    }

    /** A fault keeps the container from starting: waiting with the kubelet's reason, and its Warning events. */
    private void waitOn(SimulatedPod p, Container c, Rule rule, long now, List<Runnable> warnings) {
        Involved about = Involved.of(podRef(p)).container(c.name, c.init);
        String image = c.image;
        String previousReason = c.reason;
        boolean repeat = now >= c.nextEventAt;
        if (rule instanceof PodFaults.ImagePull) {
            String normalized = PodStatusJson.normalized(image);
            String pull = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + normalized
                    + "\": failed to resolve reference \"" + normalized + "\": " + normalized + ": not found";
            String backOff = "Back-off pulling image \"" + image + "\"";
            if (!"ErrImagePull".equals(previousReason) && !"ImagePullBackOff".equals(previousReason)) {
                waiting(c, "ErrImagePull", pull, now);
                warnings.add(() -> events.warning(about, "Failed", "Failed to pull image \"" + image + "\": " + pull, ClusterEvents.KUBELET));
            } else if ("ErrImagePull".equals(previousReason) && now - c.waitingSince >= tick.toNanos()) {
                waiting(c, "ImagePullBackOff", backOff, now);
                warnings.add(() -> events.warning(about, "BackOff", backOff, ClusterEvents.KUBELET));
            } else if (repeat) {
                warnings.add(() -> events.warning(about, "Failed", "Failed to pull image \"" + image + "\": " + pull, ClusterEvents.KUBELET));
                warnings.add(() -> events.warning(about, "BackOff", backOff, ClusterEvents.KUBELET));
                c.nextEventAt = now + crashRestartEvery.toNanos();
            }
        } else if (rule instanceof PodFaults.InvalidImage) {
            String message = "Failed to apply default image tag \"" + image + "\": couldn't parse image name \"" + image
                    + "\": invalid reference format";
            if (!"InvalidImageName".equals(previousReason) || repeat) {
                waiting(c, "InvalidImageName", message, now);
                warnings.add(() -> events.warning(about, "InspectFailed", message, ClusterEvents.KUBELET));
                warnings.add(() -> events.warning(about, "Failed", "Error: InvalidImageName", ClusterEvents.KUBELET));
            }
        } else if (rule instanceof PodFaults.Waiting w) {
            if (!w.reason().equals(previousReason) || !java.util.Objects.equals(w.message(), c.message) || repeat) {
                waiting(c, w.reason(), w.message(), now);
                warnings.add(() -> events.warning(about, "Failed", "Error: " + (w.message() != null ? w.message() : w.reason()),
                        ClusterEvents.KUBELET));
            }
        }
        p.wakeBy(now + tick.toNanos());
    }

    private void waiting(Container c, String reason, String message, long now) {
        if (!reason.equals(c.reason)) {
            c.waitingSince = now;
        }
        c.reason = reason;
        c.message = message;
        c.nextEventAt = now + crashRestartEvery.toNanos();
    }

    private void start(SimulatedPod p, Container c, long now) {
        c.instances++;
        c.containerId = "containerd://" + HexFormat.of().formatHex(randomBytes(32));
        c.startedAt = PodStatusJson.now();
        c.runningSince = now;
        c.life = Life.RUNNING;
        c.backOff = false;
        c.reason = null;
        c.message = null;
        c.pulled = true;
        c.terminated = null;
        logs.start(c.containerId).append(c.name + " started (image " + c.image + ")");
    }

    /** The container prints the fault's lines and exits 1; restarted after a back-off unless its pod never restarts. */
    private void crash(SimulatedPod p, Container c, PodFaults.Crash rule, long now, List<Runnable> warnings) {
        terminate(c, "Error", 1, rule.logLines());
        if (!p.restartsOnCrash) {
            return;
        }
        // The runtime keeps the current and the previous instance; one more is kept a while, for a
        // reader that saw the status just before this crash was written.
        logs.drop(c.beforeLastId);
        c.beforeLastId = c.last == null ? null : c.last.containerId();
        c.last = c.terminated;
        c.terminated = null;
        c.life = Life.WAITING;
        c.backOff = true;
        c.reason = "CrashLoopBackOff";
        c.message = "back-off 10s restarting failed container=" + c.name + " pod=" + p.name + "_" + p.namespace + "(" + p.uid + ")";
        c.nextAt = now + crashRestartEvery.toNanos();
        p.wakeBy(c.nextAt);
        Involved about = Involved.of(podRef(p)).container(c.name, c.init);
        String message = "Back-off restarting failed container " + c.name + " in pod " + p.name + "_" + p.namespace
                + "(" + p.uid + ")";
        warnings.add(() -> events.warning(about, "BackOff", message, ClusterEvents.KUBELET));
    }

    private void terminate(Container c, String reason, int exitCode, List<String> lines) {
        ContainerLogs.Log log = logs.get(c.containerId);
        if (log != null) {
            log.append(lines.toArray(String[]::new));
            log.end();
        }
        c.terminated = new Terminated(c.containerId, reason, exitCode, c.startedAt, PodStatusJson.now());
        c.life = Life.TERMINATED;
    }

    // ---- status ---------------------------------------------------------------------------------

    private static void conditions(SimulatedPod p) {
        if (!p.scheduled) {
            if (p.unschedulable != null) {
                p.condition("PodScheduled", false, "Unschedulable", p.unschedulable);
            } else {
                p.conditions.remove("PodScheduled"); // before the scheduler has decided there is no condition at all
            }
            return;
        }
        p.conditions.remove("PodScheduled"); // re-added last, in the order kubectl shows them
        List<String> notInitialized = p.initContainers.stream().filter(c -> !c.completed()).map(c -> c.name).toList();
        p.condition("Initialized", notInitialized.isEmpty(), notInitialized.isEmpty() ? null : "ContainersNotInitialized",
                notInitialized.isEmpty() ? null : "containers with incomplete status: [" + String.join(" ", notInitialized) + "]");
        boolean completed = p.phase().equals("Succeeded") || p.phase().equals("Failed");
        List<String> unready = p.containers.stream().filter(c -> !c.ready()).map(c -> c.name).toList();
        boolean ready = unready.isEmpty() && notInitialized.isEmpty() && !completed;
        String reason = ready ? null : completed ? "PodCompleted" : "ContainersNotReady";
        String message = ready || completed ? null : "containers with unready status: [" + String.join(" ", unready) + "]";
        p.condition("Ready", ready, reason, message);
        p.condition("ContainersReady", ready, reason, message);
        p.condition("PodScheduled", true, null, null);
    }

    private void write(SimulatedPod p) {
        ObjectNode status = PodStatusJson.render(p, "BestEffort");
        String rendered = status + (p.scheduled ? "@" + ClusterEvents.NODE : "");
        if (rendered.equals(p.written)) {
            return;
        }
        store.locked(() -> {
            ObjectNode pod = store.get(PODS, p.namespace, p.name);
            if (pod == null || !p.uid.equals(Json.text(pod, "metadata", "uid"))) {
                return null;
            }
            status.put("qosClass", qosClass(pod));
            pod.set("status", status);
            if (p.scheduled) {
                pod.withObject("spec").put("nodeName", ClusterEvents.NODE);
            }
            store.replace(pod);
            return null;
        });
        p.written = rendered;
    }

    /** Guaranteed when every container's limits equal its requests, BestEffort when none has any, else Burstable. */
    private static String qosClass(JsonNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : pod.path("spec").path("containers")) {
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            any |= !requests.isEmpty() || !limits.isEmpty();
            guaranteed &= !limits.isEmpty() && (requests.isEmpty() || requests.equals(limits))
                    && limits.has("cpu") && limits.has("memory");
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static ObjectNode podRef(SimulatedPod p) {
        ObjectNode o = Json.object().put("apiVersion", "v1").put("kind", "Pod");
        o.putObject("metadata").put("namespace", p.namespace).put("name", p.name).put("uid", p.uid);
        return o;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static Instant nowSeconds() {
        return PodStatusJson.now();
    }
}
