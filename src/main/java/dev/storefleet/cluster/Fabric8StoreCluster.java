package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A store's namespace and workloads through fabric8. The namespace gets a ResourceQuota, a
 * LimitRange and a NetworkPolicy (their figures are {@link Guardrails}) so one store cannot
 * starve or reach another; readiness is
 * polled with a deadline and reported as it goes, and a release stuck in a state that does not
 * heal by itself fails at once with its diagnosis ({@link ReleaseDiagnosis}).
 */
public final class Fabric8StoreCluster implements StoreCluster {
    static final String QUOTA = "storefleet-quota";
    static final String LIMITS = "storefleet-limits";
    static final String POLICY = "storefleet-isolation";

    /** The store's error column holds 4,000 characters; the log tail gets what the diagnosis leaves. */
    static final int MAX_ERROR = 3900;
    private static final Logger LOG = LoggerFactory.getLogger(Fabric8StoreCluster.class);

    private final ClusterConnection connection;
    private final Duration pollInterval;
    private final DiagnosisRules rules;
    private final WorkloadScaler scaler;
    /** Watches releases while Helm works on them (one thread: a poll is four short list calls). */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollout-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** What a finished rollout saw, for the readiness wait that follows it. */
    private final Map<Long, ReleaseDiagnosis> ongoing = new ConcurrentHashMap<>();

    public Fabric8StoreCluster(ClusterConnection connection, Duration pollInterval) {
        this(connection, pollInterval, DiagnosisRules.DEFAULTS);
    }

    public Fabric8StoreCluster(ClusterConnection connection, Duration pollInterval, DiagnosisRules rules) {
        this.connection = connection;
        this.pollInterval = pollInterval;
        this.rules = rules;
        this.scaler = new WorkloadScaler(connection, pollInterval);
    }

    @Override
    public void ensureNamespace(Store store) {
        String ns = store.namespace();
        try {
            KubernetesClient client = connection.client();
            Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(ns)
                    .withLabels(StoreLabels.forNamespace(store)).endMetadata().build();
            Namespace existing = client.namespaces().withName(ns).get();
            if (existing != null && "Terminating".equals(phase(existing))) {
                throw new ClusterException("creating namespace " + ns + ": it is still being deleted from an earlier"
                        + " store. Wait for it to go, then retry.");
            }
            client.namespaces().resource(namespace).createOr(NonDeletingOperation::update);
            apply(client, ns, new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA).endMetadata()
                    .withNewSpec().withHard(quantities(Guardrails.NAMESPACE_QUOTA)).endSpec().build());
            apply(client, ns, new LimitRangeBuilder().withNewMetadata().withName(LIMITS).endMetadata()
                    .withNewSpec().addNewLimit().withType("Container")
                    .withDefaultRequest(quantities(Guardrails.CONTAINER_DEFAULT_REQUEST))
                    .withDefault(quantities(Guardrails.CONTAINER_DEFAULT_LIMIT))
                    .withMax(quantities(Guardrails.CONTAINER_MAX))
                    .endLimit().endSpec().build());
            // Nothing from other stores' namespaces gets in: only this namespace and the
            // ingress controller's.
            apply(client, ns, new NetworkPolicyBuilder().withNewMetadata().withName(POLICY).endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                    .addNewIngress()
                    .addNewFrom().withNewPodSelector().endPodSelector().endFrom()
                    .addNewFrom().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name",
                            Guardrails.INGRESS_CONTROLLER_NAMESPACE).endNamespaceSelector().endFrom()
                    .endIngress().endSpec().build());
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("creating namespace " + ns, e);
        }
    }

    @Override
    public <T> T superviseRollout(Store store, Consumer<String> progress, Supplier<T> rollout) {
        ReleaseDiagnosis diagnosis = newDiagnosis(store);
        try {
            diagnosis.diagnose(snapshot(store), Instant.now()); // the baseline, before Helm changes anything
        } catch (RuntimeException e) {
            LOG.warn("Cannot read release {} before its rollout, so it is not watched: {}", store.releaseName(),
                    ClusterErrors.reason(e));
            return rollout.get();
        }
        AtomicReference<ClusterException> stuck = new AtomicReference<>();
        AtomicReference<String> lastReport = new AtomicReference<>();
        ScheduledFuture<?> watch = watchdog.scheduleWithFixedDelay(() -> {
            if (stuck.get() != null) {
                // Helm may create the hook Job only after the verdict (an image name that is wrong
                // at once): stop that one too, or Helm waits for it until its timeout.
                try {
                    stopWaitingJobs(store);
                } catch (RuntimeException e) {
                    LOG.debug("Listing the jobs of release {} failed this time: {}", store.releaseName(),
                            ClusterErrors.reason(e));
                }
                return;
            }
            try {
                ReleaseDiagnosis.Verdict verdict = diagnosis.diagnose(snapshot(store), Instant.now());
                if (verdict.stuck().isPresent()) {
                    stuck.set(stuckError(store, verdict.stuck().get()));
                    stopWaitingJobs(store);
                } else if (!verdict.waitingFor().isEmpty()) {
                    String report = "waiting for " + String.join("; ", verdict.waitingFor());
                    if (!report.equals(lastReport.getAndSet(report))) {
                        progress.accept(report);
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("Watching release {} failed this time: {}", store.releaseName(), ClusterErrors.reason(e));
            }
        }, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            T result = rollout.get();
            if (stuck.get() != null) {
                throw stuck.get();
            }
            ongoing.put(store.id(), diagnosis); // awaitReady goes on from what this rollout saw
            return result;
        } catch (RuntimeException e) {
            watch.cancel(false);
            // Helm may see a Job fail before the watchdog's next poll does: one more look says why.
            ClusterException diagnosed = stuck.get() != null ? stuck.get() : finalLook(store, diagnosis, e);
            if (diagnosed != null && diagnosed != e) {
                LOG.info("Release {} failed as diagnosed; Helm said: {}", store.releaseName(), ClusterErrors.reason(e));
                throw diagnosed;
            }
            throw e;
        } finally {
            watch.cancel(false);
        }
    }

    @Override
    public void awaitReady(Store store, Duration timeout, Consumer<String> progress) {
        String operation = "waiting for release " + store.releaseName() + " in namespace " + store.namespace();
        long deadline = System.nanoTime() + timeout.toNanos();
        ReleaseDiagnosis diagnosis = Optional.ofNullable(ongoing.remove(store.id())).orElseGet(() -> newDiagnosis(store));
        String lastReport = null;
        while (true) {
            List<String> notReady;
            ReleaseDiagnosis.Verdict verdict;
            try {
                notReady = notReadyWorkloads(store);
                if (notReady.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                throw ClusterErrors.wrap(operation, e);
            }
            try {
                verdict = diagnosis.diagnose(snapshot(store), Instant.now());
            } catch (RuntimeException e) {
                // The diagnosis only makes a failure faster: an identity that may not list events,
                // or one failed call, must not fail a store that is coming up.
                LOG.debug("Diagnosing release {} failed this time: {}", store.releaseName(), ClusterErrors.reason(e));
                verdict = new ReleaseDiagnosis.Verdict(List.of(), Optional.empty());
            }
            if (verdict.stuck().isPresent()) {
                throw stuckError(store, verdict.stuck().get());
            }
            String report = "waiting for " + String.join(", ", notReady)
                    + (verdict.waitingFor().isEmpty() ? "" : ": " + String.join("; ", verdict.waitingFor()));
            if (!report.equals(lastReport)) {
                progress.accept(report);
                lastReport = report;
            }
            if (System.nanoTime() >= deadline) {
                throw new ClusterException(operation + ": not ready after " + describe(timeout) + "; still "
                        + report + ". Check the store's Pods tab and events, then retry.");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException(operation + ": interrupted");
            }
        }
    }

    /** The diagnosis of a release Helm failed on before the watchdog judged it, Helm's words kept in it. */
    private ClusterException finalLook(Store store, ReleaseDiagnosis diagnosis, RuntimeException helmError) {
        try {
            String helmSaid = " (Helm said: " + ClusterErrors.reason(helmError) + ")";
            return diagnosis.diagnose(snapshot(store), Instant.now()).stuck()
                    .map(s -> stuckError(store, s, helmSaid)).orElse(null);
        } catch (RuntimeException e) {
            return null; // Helm's own error stands
        }
    }

    private ReleaseDiagnosis newDiagnosis(Store store) {
        return new ReleaseDiagnosis(rules, image -> imageValuePath(store, image));
    }

    ReleaseSnapshot snapshot(Store store) {
        return ReleaseSnapshot.read(connection.client(), store);
    }

    /** The chart value that sets {@code image}, from the release's newest record; empty when unreadable. */
    private Optional<String> imageValuePath(Store store, String image) {
        try {
            return HelmReleaseRecord.newestSecret(connection.client(), store).map(HelmReleaseRecord::decode)
                    .flatMap(record -> record.imageValuePath(image));
        } catch (RuntimeException e) {
            LOG.debug("Cannot read the values of release {}: {}", store.releaseName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The store's error: the diagnosis, then the failing container's last lines, within the error's size. */
    private ClusterException stuckError(Store store, ReleaseDiagnosis.Stuck stuck) {
        return stuckError(store, stuck, "");
    }

    private ClusterException stuckError(Store store, ReleaseDiagnosis.Stuck stuck, String suffix) {
        String message = "release " + store.releaseName() + " in namespace " + store.namespace() + " is stuck: "
                + stuck.describe() + suffix;
        if (stuck.log().isEmpty() || rules.logLines() == 0) {
            return new ClusterException(message);
        }
        ReleaseDiagnosis.LogSource source = stuck.log().get();
        List<String> lines = LogTail.read(connection.client(), store.namespace(), source, rules.logLines());
        return new ClusterException(LogTail.appendTo(message, source, lines, MAX_ERROR));
    }

    /**
     * Helm waits for the release's setup Job until it completes or fails; a Job whose pods are
     * stuck would hold it to its timeout. A deadline of one second makes the Job controller fail
     * it (DeadlineExceeded) and Helm return at once, on any cluster.
     */
    private void stopWaitingJobs(Store store) {
        KubernetesClient client = connection.client();
        for (Job job : client.batch().v1().jobs().inNamespace(store.namespace())
                .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems()) {
            boolean finished = job.getStatus() != null && job.getStatus().getConditions() != null
                    && job.getStatus().getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
                            && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
            boolean stopping = job.getSpec() != null && Long.valueOf(1L).equals(job.getSpec().getActiveDeadlineSeconds());
            if (!finished && !stopping) {
                try {
                    client.batch().v1().jobs().inNamespace(store.namespace()).withName(job.getMetadata().getName())
                            .edit(j -> new JobBuilder(j).editSpec().withActiveDeadlineSeconds(1L).endSpec().build());
                    LOG.info("Stopped job {} of stuck release {}", job.getMetadata().getName(), store.releaseName());
                } catch (RuntimeException e) {
                    LOG.warn("Could not stop job {} of stuck release {}: {}", job.getMetadata().getName(),
                            store.releaseName(), ClusterErrors.reason(e));
                }
            }
        }
    }

    /** Workloads of the release that are not ready yet, in words; a release with none is not ready. */
    List<String> notReadyWorkloads(Store store) {
        KubernetesClient client = connection.client();
        List<String> waiting = new ArrayList<>();
        List<Deployment> deployments = client.apps().deployments().inNamespace(store.namespace())
                .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems();
        List<StatefulSet> statefulSets = client.apps().statefulSets().inNamespace(store.namespace())
                .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems();
        if (deployments.isEmpty() && statefulSets.isEmpty()) {
            return List.of("the release's workloads to appear");
        }
        for (Deployment d : deployments) {
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
            boolean current = d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration();
            if (ready < want || !current) {
                waiting.add("deployment " + d.getMetadata().getName() + " (" + ready + "/" + want + " ready)");
            }
        }
        for (StatefulSet s : statefulSets) {
            statefulSetWaitingFor(s).ifPresent(waiting::add);
        }
        return waiting;
    }

    /**
     * What a StatefulSet is still doing, in words, as {@code kubectl rollout status} judges it:
     * its controller has seen the newest spec, enough pods are ready, and with a rolling update
     * every pod (above the partition) runs the new revision. Ready pods of the old spec are not
     * a finished upgrade.
     */
    static Optional<String> statefulSetWaitingFor(StatefulSet s) {
        String name = "statefulset " + s.getMetadata().getName();
        int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        var status = s.getStatus();
        Long generation = s.getMetadata().getGeneration();
        if (status == null || status.getObservedGeneration() == null
                || (generation != null && status.getObservedGeneration() < generation)) {
            return Optional.of(name + " (its controller has not seen the new spec yet)");
        }
        int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        if (ready < want) {
            return Optional.of(name + " (" + ready + "/" + want + " ready)");
        }
        var strategy = s.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return Optional.empty();
        }
        int partition = strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null ? 0 : strategy.getRollingUpdate().getPartition();
        int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        if (partition > 0) {
            return updated < want - partition
                    ? Optional.of(name + " (" + updated + "/" + (want - partition) + " pods updated)") : Optional.empty();
        }
        if (status.getUpdateRevision() != null && !status.getUpdateRevision().equals(status.getCurrentRevision())) {
            return Optional.of(name + " (" + updated + "/" + want + " pods at revision " + status.getUpdateRevision() + ")");
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> storeUrl(Store store) {
        try {
            for (Ingress ingress : connection.client().network().v1().ingresses().inNamespace(store.namespace())
                    .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems()) {
                if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
                    continue;
                }
                for (var rule : ingress.getSpec().getRules()) {
                    if (rule.getHost() != null && !rule.getHost().isBlank()) {
                        boolean tls = ingress.getSpec().getTls() != null && ingress.getSpec().getTls().stream()
                                .map(IngressTLS::getHosts).filter(Objects::nonNull)
                                .anyMatch(hosts -> hosts.contains(rule.getHost()));
                        return Optional.of((tls ? "https://" : "http://") + rule.getHost());
                    }
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading the ingress of namespace " + store.namespace(), e);
        }
    }

    @Override
    public void scaleToZero(Store store, Duration timeout, Consumer<String> progress) {
        scaler.scaleToZero(store, timeout, progress);
    }

    @Override
    public void scaleBack(Store store) {
        scaler.scaleBack(store);
    }

    @Override
    public void deleteNamespace(Store store, Duration timeout) {
        String ns = store.namespace();
        String operation = "deleting namespace " + ns;
        try {
            KubernetesClient client = connection.client();
            client.namespaces().withName(ns).delete();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (client.namespaces().withName(ns).get() != null) {
                if (System.nanoTime() >= deadline) {
                    throw new ClusterException(operation + ": still terminating after " + describe(timeout)
                            + ". Something in it may hold a finalizer; check it with your cluster tools.");
                }
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(operation + ": interrupted");
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
    }

    @Override
    public boolean namespaceExists(Store store) {
        try {
            return connection.client().namespaces().withName(store.namespace()).get() != null;
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading namespace " + store.namespace(), e);
        }
    }

    @Override
    public Map<String, String> managedNamespaces() {
        try {
            return connection.client().namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.MANAGER).list()
                    .getItems().stream().collect(Collectors.toMap(n -> n.getMetadata().getName(),
                            n -> String.valueOf(n.getMetadata().getLabels().get(StoreLabels.STORE_ID)),
                            (a, b) -> a, java.util.TreeMap::new));
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("listing Storefleet's namespaces", e);
        }
    }

    private static Map<String, Quantity> quantities(Map<String, String> figures) {
        return figures.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new Quantity(e.getValue())));
    }

    private static void apply(KubernetesClient client, String namespace, HasMetadata resource) {
        client.resource(resource).inNamespace(namespace).createOr(NonDeletingOperation::update);
    }

    private static String phase(Namespace namespace) {
        return namespace.getStatus() == null ? null : namespace.getStatus().getPhase();
    }

    private static String describe(Duration d) {
        return d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
