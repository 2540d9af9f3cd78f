package dev.storefleet.cluster;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreHealth.State;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.persistence.Database;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.StoreRepository;
import dev.storefleet.testcluster.PodFault;
import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Live health of a big fleet: {@code -Dstores=1000} READY stores (real rows in a real H2
 * database, recorded and moved to READY through the repository and {@link Store}'s own methods)
 * on the test cluster, 3 pods each (a web and a cache Deployment and a db StatefulSet, labelled
 * as the charts label them), judged by one {@link FleetHealth} over one real
 * {@link Fabric8FleetWatch} on a real {@link ClusterConnection}. For each fleet size of
 * {@code -Dsizes} (default {@code 100,<stores>}), in that order, with a fresh cluster and database:
 * <ol>
 * <li>(a) {@code -Dsamples=40} times, on stores spread over the fleet: from {@code crashLoop} of
 * the store's db pod to {@link StoreEvents.Listener#healthChanged} saying DEGRADED, then from
 * {@code lift()} back to HEALTHY; p50 and p99 (target p99 ≤ 2 s). Each is also timed from the
 * moment watches of the harness's own hear the API server send the change (the pod not ready;
 * the pod ready and its StatefulSet's status saying so, which health also waits for): the
 * console's part, without the simulated kubelet's and controllers';</li>
 * <li>(b) CPU while idle for {@code -Didle=30} s with every store watched, as % of one core
 * (target &lt; 2 %), of the console's threads only;</li>
 * <li>(c) live heap (the JVM's class histogram, which collects first) before the watch started
 * (database open, client built) and once it synced: the difference is what watching costs
 * (target ≤ 60 MB), with the objects the informers cache. Heap used after {@code System.gc()}
 * is printed beside. Besides the caches, the growth holds the last response body (the initial
 * list, as one byte array) that the JDK HTTP client keeps with each idle pooled connection until
 * it is reused or its keep-alive ends (20 min), 0 to ~8 MB at 1,000 stores depending on which
 * connections the watches took. {@code -Dhistogram=N} prints the N classes that grew most;</li>
 * <li>(d) requests sent to the API server per minute over the idle window (the test cluster logs
 * each; a watch counts once, when it opens), and with the watches' renewals (each informer's
 * watch asks for a timeoutSeconds, then watches again): neither may grow with the fleet.</li>
 * </ol>
 *
 * <p>Threads, all in this one JVM, are told apart so (b) is the console's alone: the test
 * cluster's are the ones named {@code testcluster-*} (its controllers and kubelet, its HTTP
 * handlers) and the JDK HttpServer's {@code HTTP-Dispatcher} and {@code server-timer}; "other"
 * are the rest of the threads alive before the console opened its database (the JVM's service
 * threads, this benchmark's main thread, the seeding client's HTTP threads); the console's are
 * every thread started after that: the fabric8 client's executor ({@code <hash>-pool-N-thread-M},
 * which runs the informers' handlers), its JDK HTTP client ({@code JdkHttpClientFactory-*},
 * {@code HttpClient-N-SelectorManager}), {@code fleet-watch}, {@code fleet-health-audit}, H2's.
 * GC and JIT threads are not Java threads and are in none of these; the process's CPU is printed
 * beside. The test cluster sends each watch a BOOKMARK every 500 ms (a real API server, about
 * once a minute): most of the console's idle CPU here is reading those.
 *
 * <p>Exits 1 if the watch never syncs or a store never turns degraded or back to healthy. No
 * figure is asserted: it is a benchmark. Run: {@code bench/fleet-health} or
 * {@code mvn -Pbenchmark-fleet-health test-compile exec:exec [-Dbench.stores=1000] [-Dbench.sizes=100,1000]}.
 */
public final class FleetHealthBenchmark {
    private static final int SAMPLES = Integer.getInteger("samples", 40);
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("idle", 30));
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than {@link FleetHealth#AUDIT_SETTLE}: the audit timers of the first judgements are done. */
    private static final Duration SETTLE_AFTER_SYNC = Duration.ofSeconds(4);
    private static final String PART_OF = "app.kubernetes.io/part-of";
    private static final Set<String> TEST_CLUSTER_THREADS = Set.of("HTTP-Dispatcher", "server-timer");
    /** With {@code -Dhistogram=N}: the N classes whose live heap grew most from before the watch to synced. */
    private static final int HISTOGRAM = Integer.getInteger("histogram", 0);

    private FleetHealthBenchmark() {
    }

    /** The benchmark could not measure what it was to measure. */
    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        int stores = Integer.getInteger("stores", 1000);
        String sizesProperty = System.getProperty("sizes", "");
        List<Integer> sizes = sizesProperty.isBlank() ? (stores > 100 ? List.of(100, stores) : List.of(stores))
                : Arrays.stream(sizesProperty.split(",")).map(String::trim).map(Integer::valueOf).toList();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            System.err.println("This JVM cannot measure CPU time per thread");
            System.exit(2);
        }
        threads.setThreadCpuTimeEnabled(true);
        List<Result> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                results.add(run(size));
            }
        } catch (Failed e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
        print(results);
        System.exit(0);
    }

    // ---- one fleet size -------------------------------------------------------------------

    /** One fleet size's figures. */
    private record Result(int stores, Synced synced, Idle idle, Turns turns) {
    }

    /**
     * (c): heap in bytes, live (what the class histogram counts after a full GC) and used after
     * System.gc() (Runtime), before the watch started and once it synced.
     */
    private record Synced(double seconds, long liveBefore, long liveAfter, long usedBefore, long usedAfter,
            Map<String, Integer> cached, List<String> watchRequests) {
        long liveGrowth() {
            return liveAfter - liveBefore;
        }
    }

    /** (b) and (d): CPU nanoseconds by whose threads, the console's by thread name, requests by kind. */
    private record Idle(long nanos, Map<ThreadClass, Long> cpuNanos, long processCpuNanos,
            Map<String, Long> consoleThreadCpuNanos, int requests, Map<String, Long> requestKinds) {
        double requestsPerMinute() {
            return requests * 60e9 / nanos;
        }
    }

    /** (a) in nanoseconds, from the fault (or from the API showing the pod's change) to healthChanged. */
    private record Turns(List<Long> toDegraded, List<Long> apiToDegraded, List<Long> toHealthy,
            List<Long> apiToHealthy, String firstReason) {
    }

    private static Result run(int size) throws Exception {
        Path dir = Files.createTempDirectory("storefleet-fleet-bench-");
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            System.out.printf("%,d stores: recording them READY in H2, creating their namespaces and workloads...%n",
                    size);
            long t0 = System.nanoTime();
            List<Store> stores = recordReadyStores(dir.resolve("data"), size);
            long recorded = System.nanoTime();
            KubernetesClient k = api.client();
            stores.forEach(s -> createWorkloads(k, s));
            awaitPodsReady(k, 3 * size);
            settled(k);
            System.out.printf("  recorded in %.1f s, on the cluster and ready %.1f s later%n", (recorded - t0) / 1e9,
                    (System.nanoTime() - recorded) / 1e9);

            Set<Long> beforeConsole = threadCpu().keySet();
            try (Console console = Console.open(api, dir)) {
                Synced synced = startWatching(api, console, size);
                Idle idle = idle(api, console, size, beforeConsole);
                // After (b): the harness's pod watches start threads in its client, which would count as the console's.
                Turns turns = turns(api, k, console, stores);
                return new Result(size, synced, idle, turns);
            }
        } finally {
            BundledCharts.deleteTree(dir);
        }
    }

    /** (c): starts FleetHealth (and so the watch), waits until every store is healthy, weighs the heap around it. */
    private static Synced startWatching(TestKubernetesApi api, Console console, int size) throws Exception {
        long usedBefore = usedHeapAfterGc();
        Map<String, long[]> liveBefore = classHistogram();
        long started = System.nanoTime();
        console.health.start();
        awaitAllHealthy(console.health, size);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("  watch synced: %,d stores healthy %.2f s after the watch started (%s)%n", size, seconds,
                console.health.watchStatus().words());
        Thread.sleep(SETTLE_AFTER_SYNC.toMillis());
        long usedAfter = usedHeapAfterGc();
        Map<String, long[]> liveAfter = classHistogram();
        if (HISTOGRAM > 0) {
            printGrowth(liveBefore, liveAfter);
        }
        List<String> watchRequests = api.requests().stream().filter(r -> r.query().contains("watch=true"))
                .map(TestKubernetesApi.Request::toString).toList();
        return new Synced(seconds, liveBytes(liveBefore), liveBytes(liveAfter), usedBefore, usedAfter,
                new TreeMap<>(console.watch.cachedCounts()), watchRequests);
    }

    /** (b) and (d): nothing changes on the cluster for IDLE; what the threads and the API server did meanwhile. */
    private static Idle idle(TestKubernetesApi api, Console console, int size, Set<Long> beforeConsole)
            throws InterruptedException {
        System.out.printf("  idle for %d s...%n", IDLE.toSeconds());
        Map<Long, ThreadCpu> cpu0 = threadCpu();
        long process0 = processCpuNanos();
        int requests0 = api.requests().size();
        long idle0 = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        long nanos = System.nanoTime() - idle0;
        List<TestKubernetesApi.Request> all = api.requests();
        List<TestKubernetesApi.Request> requests = List.copyOf(all.subList(requests0, all.size()));
        long processCpu = processCpuNanos() - process0;
        Map<Long, ThreadCpu> cpu1 = threadCpu();

        Map<ThreadClass, Long> byClass = new EnumMap<>(ThreadClass.class);
        for (ThreadClass c : ThreadClass.values()) {
            byClass.put(c, 0L);
        }
        Map<String, Long> consoleThreads = new HashMap<>();
        cpu1.forEach((id, now) -> {
            ThreadCpu then = cpu0.get(id);
            long used = now.nanos() - (then == null ? 0 : then.nanos());
            ThreadClass c = ThreadClass.of(now.name(), beforeConsole.contains(id));
            byClass.merge(c, used, Long::sum);
            if (c == ThreadClass.CONSOLE) {
                consoleThreads.merge(now.name(), used, Long::sum);
            }
        });
        if (console.health.counts().get(State.HEALTHY) != size) {
            throw new Failed("stores stopped being healthy while idle: " + console.health.counts());
        }
        return new Idle(nanos, byClass, processCpu, consoleThreads, requests.size(), requests.stream()
                .collect(Collectors.groupingBy(FleetHealthBenchmark::kind, TreeMap::new, Collectors.counting())));
    }

    /** (a): SAMPLES stores spread over the fleet, one after the other: the db pod crash-loops, then recovers. */
    private static Turns turns(TestKubernetesApi api, KubernetesClient k, Console console, List<Store> stores)
            throws Exception {
        System.out.printf("  %d stores' db pods crash-looping one after the other...%n", SAMPLES);
        HealthWaiter waiter = new HealthWaiter();
        Runnable unsubscribe = console.events.subscribe(waiter);
        List<Long> toDegraded = new ArrayList<>();
        List<Long> apiToDegraded = new ArrayList<>();
        List<Long> toHealthy = new ArrayList<>();
        List<Long> apiToHealthy = new ArrayList<>();
        String firstReason = "";
        try {
            for (int i = 0; i < SAMPLES; i++) {
                Store store = stores.get((int) ((long) i * stores.size() / SAMPLES));
                String db = store.releaseName() + "-db";
                String pod = db + "-0";
                Readiness<Pod> podSeen = new Readiness<>(FleetHealthBenchmark::ready);
                Readiness<StatefulSet> dbSeen = new Readiness<>(FleetHealthBenchmark::ready);
                try (Watch podWatch = k.pods().inNamespace(store.namespace()).withName(pod).watch(podSeen);
                        Watch dbWatch = k.apps().statefulSets().inNamespace(store.namespace()).withName(db)
                                .watch(dbSeen)) {
                    await(podSeen.opened, store, "have its db pod watched");
                    await(dbSeen.opened, store, "have its db statefulset watched");
                    CompletableFuture<Long> degraded = waiter.expect(store.id(), State.DEGRADED);
                    CompletableFuture<Long> podNotReady = podSeen.expect(false);
                    CompletableFuture<Long> dbNotReady = dbSeen.expect(false);
                    long bad = System.nanoTime();
                    PodFault crash = api.crashLoop("^" + Pattern.quote(pod) + "$", null,
                            List.of("FATAL: the benchmark crashed this database"));
                    long heard = await(degraded, store, "turn degraded");
                    toDegraded.add(heard - bad);
                    apiToDegraded.add(heard - await(podNotReady, store, "have its db pod shown not ready"));
                    if (i == 0) {
                        firstReason = console.health.of(store.id()).map(StoreHealth::describe).orElse("?");
                    }
                    await(dbNotReady, store, "have its db statefulset shown short of ready replicas");

                    // Healthy again once the pod is ready and its StatefulSet's status says so.
                    CompletableFuture<Long> healthy = waiter.expect(store.id(), State.HEALTHY);
                    CompletableFuture<Long> podReady = podSeen.expect(true);
                    CompletableFuture<Long> dbReady = dbSeen.expect(true);
                    long lifted = System.nanoTime();
                    crash.lift();
                    heard = await(healthy, store, "turn healthy again");
                    toHealthy.add(heard - lifted);
                    apiToHealthy.add(heard - Math.max(await(podReady, store, "have its db pod shown ready"),
                            await(dbReady, store, "have its db statefulset shown ready")));
                }
            }
        } finally {
            unsubscribe.run();
        }
        return new Turns(toDegraded, apiToDegraded, toHealthy, apiToHealthy, firstReason);
    }

    /** What the console is made of for health: its database, its connection, the watch and FleetHealth. */
    private record Console(Database database, ClusterConnection connection, Fabric8FleetWatch watch,
            StoreEvents events, FleetHealth health) implements AutoCloseable {

        /** As the console starts: opens the database the stores were recorded in, connects, builds the watch. */
        static Console open(TestKubernetesApi api, Path dir) throws Exception {
            Database database = Database.open(dir.resolve("data"));
            ClusterConnection connection = RealClusterAdapters.connect(api, dir);
            Fabric8FleetWatch watch = new Fabric8FleetWatch(connection);
            StoreEvents events = new StoreEvents();
            FleetHealth health = new FleetHealth(database.stores(), watch, new AuditService(database.auditLog(), events),
                    events, Clock.systemUTC());
            return new Console(database, connection, watch, events, health);
        }

        @Override
        public void close() {
            health.close();
            connection.close();
            database.close();
        }
    }

    /** Hears healthChanged and completes the one awaited change with the moment it was heard. */
    private static final class HealthWaiter implements StoreEvents.Listener {
        private volatile long storeId = -1;
        private volatile State wanted;
        private volatile CompletableFuture<Long> heard = new CompletableFuture<>();

        CompletableFuture<Long> expect(long id, State state) {
            CompletableFuture<Long> next = new CompletableFuture<>();
            heard = next;
            wanted = state;
            storeId = id;
            return next;
        }

        @Override
        public void healthChanged(long id, StoreHealth health) {
            long at = System.nanoTime();
            if (id == storeId && health != null && health.state() == wanted) {
                heard.complete(at);
            }
        }
    }

    /**
     * When the API server sends a client (the harness's own watch on one object) that the object
     * turned not ready, or ready: where the cluster's part of (a) ends.
     */
    private static final class Readiness<T> implements Watcher<T> {
        /** The object as it was, sent first on a watch from no resourceVersion: the watch is open. */
        final CompletableFuture<Long> opened = new CompletableFuture<>();
        private final Predicate<T> ready;
        private volatile Boolean wanted;
        private volatile CompletableFuture<Long> seen = new CompletableFuture<>();

        Readiness(Predicate<T> ready) {
            this.ready = ready;
        }

        CompletableFuture<Long> expect(boolean isReady) {
            CompletableFuture<Long> next = new CompletableFuture<>();
            seen = next;
            wanted = isReady;
            return next;
        }

        @Override
        public void eventReceived(Action action, T object) {
            long at = System.nanoTime();
            if (action == Action.ADDED) {
                opened.complete(at);
            }
            Boolean want = wanted;
            if (action == Action.MODIFIED && want != null && ready.test(object) == want) {
                seen.complete(at);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    private static long await(CompletableFuture<Long> change, Store store, String what) throws Exception {
        try {
            return change.get(TURN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Failed("store " + store.name() + " did not " + what + " within " + TURN_TIMEOUT.toSeconds()
                    + " s");
        }
    }

    // ---- the fleet --------------------------------------------------------------------------

    /** Each store inserted as the API inserts it, then provisioned and ready in one update, each with its audit row. */
    private static List<Store> recordReadyStores(Path dataDir, int count) {
        try (Database database = Database.open(dataDir)) {
            StoreRepository repository = database.stores();
            for (int i = 0; i < count; i++) {
                Instant now = Instant.now();
                NewStoreRequest.ValidStoreRequest valid = new NewStoreRequest(
                        String.format(Locale.ROOT, "Fleet Store %04d", i), "owner-" + i, "owner-" + i + "@example.com",
                        i % 3 == 0 ? "medusa" : "woocommerce").validate();
                Store created = repository.insert(Store.accepted(valid, now), StoreService.MAX_STORES_PER_OWNER,
                        s -> AuditEvent.of(now, ActionType.CREATE, Outcome.SUCCESS, s, "bench", "benchmark store"))
                        .store();
                repository.update(created.id(),
                        s -> s.startProvisioning(now).ready(1, "http://" + s.slug() + ".stores.test", now),
                        s -> AuditEvent.of(now, ActionType.PROVISION_SUCCEEDED, Outcome.SUCCESS, s,
                                StoreService.SYSTEM, "revision 1 deployed"));
            }
            List<Store> ready = database.stores().findAll().stream()
                    .filter(s -> s.status() == StoreStatus.READY).toList();
            if (ready.size() != count) {
                throw new Failed(ready.size() + " of " + count + " stores were recorded READY");
            }
            return ready;
        }
    }

    /** The namespace as the console labels it, and three workloads labelled as the charts label theirs. */
    private static void createWorkloads(KubernetesClient k, Store store) {
        String ns = store.namespace();
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .withLabels(StoreLabels.forNamespace(store)).endMetadata().build()).create();
        for (String component : List.of("web", "cache")) {
            Map<String, String> labels = chartLabels(store, component);
            k.resource(new DeploymentBuilder().withNewMetadata().withNamespace(ns)
                    .withName(store.releaseName() + "-" + component).withLabels(labels).endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(selector(store, component))
                    .endSelector().withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec().withContainers(container(component,
                            component.equals("web") ? "wordpress:6.8-apache" : "redis:7.4-alpine", 8080))
                    .endSpec().endTemplate().endSpec().build()).create();
        }
        Map<String, String> labels = chartLabels(store, "database");
        k.resource(new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(store.releaseName() + "-db")
                .withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(store.releaseName() + "-db")
                .withNewSelector().withMatchLabels(selector(store, "database")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder(container("mariadb", "mariadb:11.4", 3306))
                        .addNewVolumeMount().withName("data").withMountPath("/var/lib/mysql").endVolumeMount().build())
                .endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().endVolumeClaimTemplate()
                .endSpec().build()).create();
    }

    private static Map<String, String> chartLabels(Store store, String component) {
        Map<String, String> labels = new LinkedHashMap<>(selector(store, component));
        labels.put("helm.sh/chart", store.type().chartName() + "-0.1.0");
        labels.put("app.kubernetes.io/version", "1.0.0");
        labels.put(StoreLabels.MANAGED_BY, "Helm");
        labels.put(PART_OF, StoreLabels.MANAGER);
        labels.put(StoreLabels.STORE_ID, String.valueOf(store.id()));
        return labels;
    }

    private static Map<String, String> selector(Store store, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", store.type().chartName());
        labels.put(StoreLabels.INSTANCE, store.releaseName());
        labels.put("app.kubernetes.io/component", component);
        return labels;
    }

    /** A container with what a chart's has besides its name and image, so the informers get pods of a real size. */
    private static Container container(String name, String image, int port) {
        return new ContainerBuilder().withName(name).withImage(image)
                .addNewPort().withName("http").withContainerPort(port).endPort()
                .addNewEnv().withName("STORE_HOST").withValue(name + ".stores.test").endEnv()
                .addNewEnv().withName("DB_USER").withValue("store").endEnv()
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", name + "-auth",
                        false).endValueFrom().endEnv()
                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi")).addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .withNewReadinessProbe().withNewTcpSocket().withNewPort(port).endTcpSocket().withPeriodSeconds(10)
                .endReadinessProbe()
                .build();
    }

    private static void awaitPodsReady(KubernetesClient k, int pods) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            List<Pod> seen = k.pods().inAnyNamespace().withLabel(PART_OF, StoreLabels.MANAGER).list().getItems();
            long ready = seen.stream().filter(FleetHealthBenchmark::ready).count();
            if (seen.size() == pods && ready == pods) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Failed(ready + " of " + pods + " pods ready after 10 minutes");
            }
            Thread.sleep(1000);
        }
    }

    private static boolean ready(StatefulSet s) {
        int desired = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        return s.getStatus() != null && s.getStatus().getReadyReplicas() != null
                && s.getStatus().getReadyReplicas() >= desired;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Until nothing changes on the cluster for half a second (the controllers are done). */
    private static void settled(KubernetesClient k) throws InterruptedException {
        String rv = k.namespaces().list().getMetadata().getResourceVersion();
        for (int i = 0; i < 120; i++) {
            Thread.sleep(500);
            String again = k.namespaces().list().getMetadata().getResourceVersion();
            if (again.equals(rv)) {
                return;
            }
            rv = again;
        }
    }

    private static void awaitAllHealthy(FleetHealth health, int count) throws InterruptedException {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        while (!(health.watchStatus().watching() && health.counts().get(State.HEALTHY) == count)) {
            if (System.nanoTime() > deadline) {
                throw new Failed("the watch did not sync within " + SYNC_TIMEOUT.toMinutes() + " minutes: "
                        + health.watchStatus().words() + "; " + health.counts());
            }
            Thread.sleep(20);
        }
    }

    // ---- measuring --------------------------------------------------------------------------

    /** Whose a thread is (see the class comment). */
    private enum ThreadClass {
        CONSOLE, TEST_CLUSTER, OTHER;

        static ThreadClass of(String name, boolean aliveBeforeConsole) {
            if (name.startsWith("testcluster-") || TEST_CLUSTER_THREADS.contains(name)) {
                return TEST_CLUSTER;
            }
            return aliveBeforeConsole ? OTHER : CONSOLE;
        }
    }

    private record ThreadCpu(String name, long nanos) {
    }

    /** CPU time of every live Java thread, by thread id. */
    private static Map<Long, ThreadCpu> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos >= 0) {
                cpu.put(id, new ThreadCpu(info.getThreadName(), nanos));
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Live objects by class (after a full GC): instances and bytes, from the JVM's GC.class_histogram. */
    private static Map<String, long[]> classHistogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static long liveBytes(Map<String, long[]> histogram) {
        return histogram.values().stream().mapToLong(v -> v[1]).sum();
    }

    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after) {
        long total = liveBytes(after) - liveBytes(before);
        System.out.printf("  live heap grown from before the watch to synced: %.1f MB; top %d classes:%n",
                total / (1024.0 * 1024.0), HISTOGRAM);
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                    e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                    e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(HISTOGRAM)
                .forEach(e -> System.out.printf("    %,12d bytes %,9d objects  %s%n", e.getValue()[1], e.getValue()[0],
                        e.getKey()));
    }

    /** "GET pods (watch)", "GET namespaces": the resource and whether it watched. */
    private static String kind(TestKubernetesApi.Request r) {
        String[] parts = r.path().split("/");
        String resource = parts.length == 0 ? r.path() : parts[parts.length - 1];
        return r.method() + " " + resource + (r.query().contains("watch=true") ? " (watch)" : "");
    }

    // ---- the table --------------------------------------------------------------------------

    private static void print(List<Result> results) {
        System.out.println();
        System.out.printf("fleet health: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        StringBuilder header = new StringBuilder(String.format("%-44s", ""));
        results.forEach(r -> header.append(String.format("%16s", String.format("%,d stores", r.stores()))));
        System.out.println(header.append("   target"));
        row(results, "watch start -> every store healthy", r -> String.format("%.2f s", r.synced().seconds()), "");
        row(results, "(a) crashLoop(db pod) -> DEGRADED   p50", r -> ms(r.turns().toDegraded(), 0.50), "");
        row(results, "                                    p99", r -> ms(r.turns().toDegraded(), 0.99), "<= 2000 ms");
        row(results, "                                    max", r -> ms(r.turns().toDegraded(), 1.0), "");
        row(results, "    API shows pod not ready -> DEG. p50", r -> ms(r.turns().apiToDegraded(), 0.50), "");
        row(results, "                                    p99", r -> ms(r.turns().apiToDegraded(), 0.99), "");
        row(results, "    lift() -> HEALTHY               p50", r -> ms(r.turns().toHealthy(), 0.50), "");
        row(results, "                                    p99", r -> ms(r.turns().toHealthy(), 0.99), "");
        row(results, "    API shows pod+sts ready -> HEAL. p50", r -> ms(r.turns().apiToHealthy(), 0.50), "");
        row(results, "                                    p99", r -> ms(r.turns().apiToHealthy(), 0.99), "");
        row(results, "(b) console CPU while idle, % of a core", r -> pct(r.idle(), ThreadClass.CONSOLE), "< 2 %");
        row(results, "    test cluster's threads", r -> pct(r.idle(), ThreadClass.TEST_CLUSTER), "");
        row(results, "    other Java threads", r -> pct(r.idle(), ThreadClass.OTHER), "");
        row(results, "    whole process (GC and JIT too)", r -> String.format("%.2f %%",
                100.0 * r.idle().processCpuNanos() / r.idle().nanos()), "");
        row(results, "(c) live heap before the watch", r -> mb(r.synced().liveBefore()), "");
        row(results, "    live heap, synced", r -> mb(r.synced().liveAfter()), "");
        row(results, "    heap for watching (live)", r -> mb(r.synced().liveGrowth()), "<= 60 MB");
        row(results, "    the same, heap used after GC", r -> mb(r.synced().usedAfter() - r.synced().usedBefore()), "");
        for (String kind : List.of("namespaces", "pods", "deployments", "statefulsets")) {
            row(results, "    cached " + kind, r -> String.format("%,d", r.synced().cached().getOrDefault(kind, 0)), "");
        }
        row(results, "(d) requests/min to the API while idle",
                r -> String.format("%.1f", r.idle().requestsPerMinute()), "same at every size");
        row(results, "    with the watches' renewals", r -> withRenewals(r).map(v -> String.format("%.1f", v))
                .orElse("?"), "");
        System.out.println();
        if (results.size() > 1) {
            printPerObject(results.get(0), results.get(results.size() - 1));
        }
        for (Result r : results) {
            System.out.printf("%,d stores: %d samples; idle %.1f s; requests while idle: %s%n", r.stores(),
                    r.turns().toDegraded().size(), r.idle().nanos() / 1e9,
                    r.idle().requestKinds().isEmpty() ? "none" : r.idle().requestKinds());
            System.out.printf("  the console's threads while idle (CPU ms): %s%n", r.idle().consoleThreadCpuNanos()
                    .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.1f", e.getValue() / 1e6))
                    .collect(Collectors.joining(", ")));
            System.out.printf("  first degraded store said: %s%n", r.turns().firstReason());
            System.out.printf("  watch requests when it started: %d (%s), each renewed after %s s%n",
                    r.synced().watchRequests().size(), r.synced().watchRequests().stream()
                            .map(w -> w.replaceAll("\\?.*", "")).distinct().collect(Collectors.joining(", ")),
                    timeoutSeconds(r).map(String::valueOf).orElse("?"));
        }
    }

    /** What one more store, and one more cached object, costs: the growth between two fleet sizes. */
    private static void printPerObject(Result small, Result big) {
        long moreStores = big.stores() - small.stores();
        long moreObjects = objects(big) - objects(small);
        long moreBytes = big.synced().liveGrowth() - small.synced().liveGrowth();
        if (moreStores > 0 && moreObjects > 0) {
            System.out.printf("from %,d to %,d stores the watch holds %.1f MB more: %.1f KB per store, %,d bytes per"
                    + " cached object (namespace, pod, deployment, statefulset)%n", small.stores(), big.stores(),
                    moreBytes / (1024.0 * 1024.0), moreBytes / 1024.0 / moreStores, moreBytes / moreObjects);
        }
    }

    private static long objects(Result r) {
        return r.synced().cached().values().stream().mapToLong(Integer::longValue).sum();
    }

    private static void row(List<Result> results, String label, Function<Result, String> value, String target) {
        StringBuilder line = new StringBuilder(String.format("%-44s", label));
        results.forEach(r -> line.append(String.format("%16s", value.apply(r))));
        System.out.println(line.append("   ").append(target).toString().stripTrailing());
    }

    /** The timeoutSeconds the informers' watches asked for: after it the server ends them and they watch again. */
    private static Optional<Long> timeoutSeconds(Result r) {
        return r.synced().watchRequests().stream().map(w -> Pattern.compile("timeoutSeconds=(\\d+)").matcher(w))
                .filter(Matcher::find).map(m -> Long.valueOf(m.group(1))).findFirst();
    }

    /** Idle requests per minute over a long time: what the window saw, plus each watch opened again per timeout. */
    private static Optional<Double> withRenewals(Result r) {
        return timeoutSeconds(r).map(t -> r.idle().requestsPerMinute() + r.synced().watchRequests().size() * 60.0 / t);
    }

    /** Nearest rank: the smallest sample with at least {@code p} of the samples at or below it. */
    private static long percentile(List<Long> samples, double p) {
        List<Long> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String ms(List<Long> nanos, double p) {
        return String.format("%.0f ms", percentile(nanos, p) / 1e6);
    }

    private static String pct(Idle idle, ThreadClass whose) {
        return String.format("%.2f %%", 100.0 * idle.cpuNanos().get(whose) / idle.nanos());
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", Arrays.copyOf(fields, Math.min(3, fields.length)));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
