package dev.storefleet.cluster;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutEntry;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStatus;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.Verification;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.port.StoreOrders;
import dev.storefleet.store.StoreApiClient;
import dev.storefleet.store.StoreApiTimeouts;
import dev.storefleet.testcluster.StandInWooCommerceStores;
import dev.storefleet.testcluster.TestKubernetesApi;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * A fleet rollout against the same upgrades one after another (issue 16), on the test Kubernetes
 * API with the real Helm library and WooCommerce chart: STORES (default 100) stores of many owners
 * (the quota is 3 each), workloads ready 2 s after a change, verification orders through the
 * WooCommerce stand-in. RUNS (default 3) rounds of A then B, each round setting a new CPU request
 * (so every upgrade rolls new pods):
 *
 * <ul>
 * <li>(a) one rollout of every store: no canary, waves [100], 4 in flight, verification on;</li>
 * <li>(b) the same change store by store as an operator does it today: StoreService.upgrade, wait for
 * it to end READY at a newer revision, then a verification order placed and found.</li>
 * </ul>
 *
 * <p>Console overhead per store: the time from the rollout recording the store UPGRADING to it
 * recording it PASSED (as a rollout listener hears it), minus the time spent inside the Helm,
 * cluster and store-API adapters for that store (each call timed by wrappers around the real
 * adapters). What is left is the console's own work: database writes, audit, leases, the state
 * machine, the work queue, the driver's turns, and the wait for the fleet watch to judge the store
 * healthy (a wait on informers, counted against the console to be safe). Peak heap: used heap
 * sampled every 20 ms during the rollouts (garbage included, so an upper bound), and the old
 * generation's use after its last collection; the test cluster and stand-ins share the JVM, so both
 * figures include them too.
 *
 * <p>Run: {@code bench/rollout [stores]} (profile {@code benchmark-rollout} in pom.xml).
 */
public final class RolloutBenchmark {
    private static final int STORES = Integer.getInteger("stores", 100);
    private static final int RUNS = Integer.getInteger("runs", 3);
    private static final int IN_FLIGHT = Integer.getInteger("inFlight", 4);
    private static final Duration READY_AFTER = Duration.ofSeconds(2);
    private static final Duration GATE = Duration.ofMinutes(5);
    private static final EngineSettings SETTINGS = new EngineSettings(IN_FLIGHT, Duration.ofMinutes(2), Duration.ofSeconds(30),
            "localhost", "traefik");

    private RolloutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("storefleet-rollout-bench-");
        int status = 0;
        try (TestKubernetesApi api = new TestKubernetesApi(); StandInWooCommerceStores standIns = new StandInWooCommerceStores(api)) {
            status = run(api, standIns, dir);
        } finally {
            BundledCharts.deleteTree(dir);
        }
        System.exit(status);
    }

    private static int run(TestKubernetesApi api, StandInWooCommerceStores standIns, Path dir) throws Exception {
        RealClusterAdapters real = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS, SETTINGS.readyTimeout());
        ProvisioningBenchmark.Timed timed = new ProvisioningBenchmark.Timed(real.helm(), real.cluster());
        TimedOrders orders = new TimedOrders(new StoreApiClient(new Fabric8StoreNetwork(real.connection()),
                StoreApiTimeouts.DEFAULTS, Clock.systemUTC()));
        long t0 = System.nanoTime();
        try (Storefleet app = Storefleet.start(DatabaseTarget.h2(dir.resolve("data")), timed, timed, real.connection(),
                real.inspector(), real.pods(), orders, RealClusterAdapters.fleetWatch(real.connection()), SETTINGS,
                Clock.systemUTC())) {
            app.stores().reconcile();
            app.startWatching();
            System.out.printf("provisioning %d stores (+1 warm-up)...%n", STORES);
            for (int i = 0; i <= STORES; i++) {
                String owner = "owner" + i / 3;
                app.stores().create(new NewStoreRequest("Bench " + i, owner, owner + "@example.com", "woocommerce"), "bench");
            }
            if (!app.executor().awaitIdle(Duration.ofMinutes(20))) {
                System.err.println("the fleet was not provisioned within 20 minutes");
                return 1;
            }
            List<Store> all = app.stores().list();
            for (Store s : all) {
                if (s.status() != StoreStatus.READY) {
                    System.err.println(s.name() + " is " + s.status() + ": " + s.lastError());
                    return 1;
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (standIns.of(s.namespace()).isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
            }
            System.out.printf("provisioned in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            Store warm = all.get(0);
            List<Long> ids = all.subList(1, all.size()).stream().map(Store::id).toList();
            api.readyAfter(READY_AFTER);
            oneAtATime(app, List.of(warm.id()), values(0), orders, timed); // Helm, the store API client, H2 warmed up

            HeapWatch heap = new HeapWatch();
            List<Round> rollouts = new ArrayList<>();
            List<Round> sequential = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                heap.start();
                Round a = rollout(app, ids, values(2 * run - 1), orders, timed, IN_FLIGHT);
                heap.stop();
                a.print("round " + run + " (a) rollout, " + IN_FLIGHT + " in flight");
                rollouts.add(a);
                Round b = oneAtATime(app, ids, values(2 * run), orders, timed);
                b.print("round " + run + " (b) one after another");
                sequential.add(b);
            }
            List<Long> few = ids.subList(0, Math.min(10, ids.size()));
            Round alone = rollout(app, few, values(2 * RUNS + 1), orders, timed, 1);
            alone.print("(c') a rollout of " + few.size() + " stores, 1 in flight (the console's work without 4 Helm upgrades"
                    + " sharing the cores)");
            double aSec = median(rollouts.stream().map(r -> r.wallMs / 1000.0).toList());
            double bSec = median(sequential.stream().map(r -> r.wallMs / 1000.0).toList());
            System.out.println();
            System.out.printf("%d WooCommerce stores, workloads ready %d s after a change, verification through the stand-in,"
                    + " %d rounds A B, %d cores, -Xmx%d MB%n", ids.size(), READY_AFTER.toSeconds(), RUNS,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("(a) rollout, %d in flight: median %.1f s%n", IN_FLIGHT, aSec);
            System.out.printf("(b) one after another:    median %.1f s%n", bSec);
            System.out.printf("ratio b/a: %.2fx (target >= 3x)%n", bSec / aSec);
            System.out.printf("(c) console overhead per store in the rollout (UPGRADING..PASSED minus time inside Helm,"
                    + " cluster and store API): median %.1f ms, p90 %.1f ms, mean %.1f ms (target < 50 ms)%n",
                    median(rollouts.stream().map(r -> r.median()).toList()), median(rollouts.stream().map(r -> r.p90()).toList()),
                    median(rollouts.stream().map(r -> r.mean()).toList()));
            System.out.printf("(c') the same with 1 in flight over %d stores: median %.1f ms, p90 %.1f ms, mean %.1f ms%n",
                    few.size(), alone.median(), alone.p90(), alone.mean());
            System.out.printf("(d) peak heap during the rollouts: used (sampled every 20 ms, garbage included) %d MB;"
                    + " heap after GC %d MB (target < 256 MB; the in-JVM test cluster and stand-ins included)%n",
                    heap.peakUsed() / (1024 * 1024), heap.peakAfterGc() / (1024 * 1024));
            return 0;
        }
    }

    /** A new CPU request for every round, so that each upgrade changes the pods (new pods, ready after the delay). */
    private static Map<String, Object> values(int round) {
        return Map.of("wordpress", Map.of("resources", Map.of("requests", Map.of("cpu", (100 + round) + "m"))));
    }

    private static Round rollout(Storefleet app, List<Long> ids, Map<String, Object> values, TimedOrders orders,
            ProvisioningBenchmark.Timed timed, int inFlight) throws InterruptedException {
        timed.reset();
        orders.reset();
        Map<Long, Long> startedAt = new ConcurrentHashMap<>();
        Map<Long, Long> deployedAt = new ConcurrentHashMap<>();
        Map<Long, Long> verifyingAt = new ConcurrentHashMap<>();
        Map<Long, Long> passedAt = new ConcurrentHashMap<>();
        Runnable unsubscribe = app.rollouts().subscribe(r -> {
            long now = System.nanoTime();
            for (RolloutEntry e : r.waves().stream().flatMap(w -> w.stores().stream()).toList()) {
                if (e.status() != RolloutStoreStatus.PENDING) {
                    startedAt.putIfAbsent(e.storeId(), now);
                }
                if (e.toRevision() != null) {
                    deployedAt.putIfAbsent(e.storeId(), now);
                }
                if (e.status() == RolloutStoreStatus.VERIFYING || e.status() == RolloutStoreStatus.PASSED) {
                    verifyingAt.putIfAbsent(e.storeId(), now);
                }
                if (e.status() == RolloutStoreStatus.PASSED) {
                    passedAt.putIfAbsent(e.storeId(), now);
                }
            }
        });
        long start = System.nanoTime();
        Rollout r = app.rollouts().start(new RolloutPlan(ids, null, values, null, 0, List.of(100), inFlight, true, GATE, false),
                "bench");
        Rollout done = app.rollouts().get(r.id());
        while (done.finishedAt() == null) {
            Thread.sleep(50);
            done = app.rollouts().get(r.id());
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        unsubscribe.run();
        if (done.status() != RolloutStatus.PASSED) {
            throw new IllegalStateException("the rollout ended " + done.status() + ": " + done.reason());
        }
        List<Double> overhead = new ArrayList<>();
        List<Double> upgrade = new ArrayList<>();
        List<Double> health = new ArrayList<>();
        List<Double> verify = new ArrayList<>();
        for (long id : ids) {
            Store s = app.stores().get(id);
            long span = passedAt.get(id) - startedAt.get(id);
            long cluster = timed.nanosFor(s.releaseName());
            long api = orders.nanosFor(s.releaseName());
            overhead.add((span - cluster - api) / 1e6);
            upgrade.add((deployedAt.get(id) - startedAt.get(id) - cluster) / 1e6);
            health.add((verifyingAt.get(id) - deployedAt.get(id)) / 1e6);
            verify.add((passedAt.get(id) - verifyingAt.get(id) - api) / 1e6);
        }
        System.out.printf("  where the overhead is, median per store: around the upgrade %.1f ms, waiting for health %.1f ms,"
                + " around the verification %.1f ms%n", median(upgrade), median(health), median(verify));
        return new Round(wallMs, overhead);
    }

    /** What an operator does today: each store upgraded, waited for, and verified before the next. */
    private static Round oneAtATime(Storefleet app, List<Long> ids, Map<String, Object> values, TimedOrders orders,
            ProvisioningBenchmark.Timed timed) throws Exception {
        timed.reset();
        orders.reset();
        List<Double> overhead = new ArrayList<>();
        long start = System.nanoTime();
        for (long id : ids) {
            long t = System.nanoTime();
            int before = app.stores().get(id).helmRevision();
            app.stores().upgrade(id, values, "bench");
            if (!app.executor().awaitIdle(GATE)) {
                throw new IllegalStateException("store " + id + " still upgrading after " + GATE);
            }
            Store s = app.stores().get(id);
            if (s.status() != StoreStatus.READY || s.helmRevision() <= before) {
                throw new IllegalStateException(s.name() + " is " + s.status() + " at revision " + s.helmRevision() + ": "
                        + s.lastError());
            }
            Verification v = app.orders().verify(id, "bench").get(GATE.toSeconds(), TimeUnit.SECONDS);
            if (!v.ok()) {
                throw new IllegalStateException(s.name() + " failed verification: " + v.detail());
            }
            overhead.add((System.nanoTime() - t - timed.nanosFor(s.releaseName()) - orders.nanosFor(s.releaseName())) / 1e6);
        }
        return new Round((System.nanoTime() - start) / 1_000_000, overhead);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private record Round(long wallMs, List<Double> overheadMs) {
        double median() {
            return RolloutBenchmark.median(overheadMs);
        }

        double p90() {
            List<Double> sorted = overheadMs.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1));
        }

        double mean() {
            return overheadMs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        void print(String label) {
            System.out.printf("%s: %.1f s; console overhead per store median %.1f ms, p90 %.1f ms, mean %.1f ms%n", label,
                    wallMs / 1000.0, median(), p90(), mean());
        }
    }

    /** The store API client with the time inside each call added up per release. */
    static final class TimedOrders implements StoreOrders {
        private final StoreOrders orders;
        private final ReleaseTimes times = new ReleaseTimes();

        TimedOrders(StoreOrders orders) {
            this.orders = orders;
        }

        void reset() {
            times.reset();
        }

        long nanosFor(String release) {
            return times.nanosFor(release);
        }

        private <T> T timed(Store store, Supplier<T> call) {
            return times.timed(store, call);
        }

        @Override
        public Order placeTestOrder(Store store, int quantity) {
            return timed(store, () -> orders.placeTestOrder(store, quantity));
        }

        @Override
        public List<Order> listOrders(Store store, int limit) {
            return timed(store, () -> orders.listOrders(store, limit));
        }

        @Override
        public Order getOrder(Store store, String orderId) {
            return timed(store, () -> orders.getOrder(store, orderId));
        }
    }

    /**
     * Used heap sampled every 20 ms while started (garbage included), and the heap in use right
     * after each collection (from the collectors' notifications: about the live set).
     */
    static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private volatile boolean watching;
        private volatile Thread thread;

        HeapWatch() {
            java.util.Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
                    .collect(java.util.stream.Collectors.toSet());
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                    if (watching && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                        peakAfterGc.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }

        void start() {
            watching = true;
            Thread t = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            t.setDaemon(true);
            t.start();
            thread = t;
        }

        void stop() throws InterruptedException {
            watching = false;
            thread.interrupt();
            thread.join();
        }

        long peakUsed() {
            return peak.get();
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }
    }
}
