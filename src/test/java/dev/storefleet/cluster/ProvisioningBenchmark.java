package dev.storefleet.cluster;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.port.HelmReleases;
import dev.storefleet.service.port.ReleaseInfo;
import dev.storefleet.service.port.RevisionValues;
import dev.storefleet.service.port.StoreCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Provisions 50 stores on the real WooCommerce chart against the test Kubernetes API, whose
 * workloads become ready 2 s after they are created, first one store at a time and then with
 * 4 in flight, and prints: total time, the console's own overhead per store (time in the
 * provisioning beyond the time spent inside Helm and the API server, plus the create call),
 * and peak heap. Run: {@code mvn -Pbenchmark-provisioning test-compile exec:exec}
 * (see the profile in pom.xml). Targets (issue 4): overhead < 50 ms/store, peak heap < 256 MB,
 * 4 in flight at least 3x faster than one at a time.
 */
public final class ProvisioningBenchmark {
    private static final int STORES = Integer.getInteger("stores", 50);
    private static final Duration READY_AFTER = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        HeapSampler heap = HeapSampler.start();
        Result sequential = run(1);
        Result parallel = run(4);
        heap.stop();
        System.out.println();
        System.out.printf("stores: %d, workloads ready %d s after creation, real charts/woocommerce%n", STORES,
                READY_AFTER.toSeconds());
        sequential.print("1 in flight");
        parallel.print("4 in flight");
        System.out.printf("speed-up 4 vs 1 in flight: %.2fx (target >= 3x)%n",
                sequential.totalMs / (double) parallel.totalMs);
        System.out.printf("peak heap used: %d MB (target < 256 MB), max heap %d MB%n",
                heap.peakBytes() / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.exit(0);
    }

    private static Result run(int inFlight) throws Exception {
        System.out.printf("provisioning %d stores, %d in flight...%n", STORES, inFlight);
        Path dir = Files.createTempDirectory("storefleet-bench-");
        EngineSettings settings = new EngineSettings(inFlight, Duration.ofMinutes(2), Duration.ofSeconds(30),
                "stores.test", "traefik");
        try (EngineFixture fx = new EngineFixture(dir, EngineFixture.REPO_CHARTS, settings, Timed::new)) {
            fx.api.readyAfter(READY_AFTER);
            warmUp(fx);
            Timed timed = (Timed) fx.adaptersUnderTest();
            timed.reset();
            List<Long> createNanos = new ArrayList<>();
            long start = System.nanoTime();
            List<Store> created = new ArrayList<>();
            for (int i = 0; i < STORES; i++) {
                long t = System.nanoTime();
                created.add(fx.create("Bench " + inFlight + " Store " + i, "owner-" + i));
                createNanos.add(System.nanoTime() - t);
            }
            fx.settle(Duration.ofMinutes(15));
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            long ready = fx.stores().list().stream().filter(s -> s.status() == StoreStatus.READY).count();
            if (ready != STORES) {
                throw new IllegalStateException(ready + " of " + STORES + " stores are ready");
            }
            // Per store: provisioning time (audit timestamps) minus time inside the adapters.
            Map<Long, Instant> started = new HashMap<>();
            Map<Long, Instant> finished = new HashMap<>();
            for (AuditEvent e : fx.app().audit().page(dev.storefleet.service.port.AuditLog.AuditQuery.latest(10_000))) {
                if (e.action() == ActionType.PROVISION_STARTED) {
                    started.put(e.storeId(), e.occurredAt());
                } else if (e.action() == ActionType.PROVISION_SUCCEEDED) {
                    finished.put(e.storeId(), e.occurredAt());
                }
            }
            List<Double> overheadMs = new ArrayList<>();
            for (int i = 0; i < created.size(); i++) {
                Store s = created.get(i);
                long jobNanos = Duration.between(started.get(s.id()), finished.get(s.id())).toNanos();
                long insideNanos = timed.nanosFor(s.releaseName());
                overheadMs.add((jobNanos - insideNanos + createNanos.get(i)) / 1e6);
            }
            overheadMs.sort(Double::compare);
            return new Result(totalMs, overheadMs);
        } finally {
            BundledCharts.deleteTree(dir);
        }
    }

    /** One store first, so the first-call costs (Helm's native library, H2, Hibernate) are not counted. */
    private static void warmUp(EngineFixture fx) throws Exception {
        Store warm = fx.create("Warm Up", "warm");
        fx.settle();
        fx.stores().delete(warm.id(), "bench");
        fx.settle();
    }

    private record Result(long totalMs, List<Double> overheadMs) {
        void print(String label) {
            double mean = overheadMs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf("%s: total %.1f s; console overhead per store: mean %.1f ms, median %.1f ms,"
                    + " p90 %.1f ms, max %.1f ms (target < 50 ms)%n", label, totalMs / 1000.0, mean,
                    overheadMs.get(overheadMs.size() / 2), overheadMs.get((int) (overheadMs.size() * 0.9)),
                    overheadMs.get(overheadMs.size() - 1));
        }
    }

    /** The real adapters, with the time spent inside each call added up per release. */
    static final class Timed implements HelmReleases, StoreCluster {
        private final HelmReleases helm;
        private final StoreCluster cluster;
        private final ReleaseTimes times = new ReleaseTimes();

        Timed(HelmReleases helm, StoreCluster cluster) {
            this.helm = helm;
            this.cluster = cluster;
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

        private void timed(Store store, Runnable call) {
            timed(store, () -> {
                call.run();
                return null;
            });
        }

        @Override public ReleaseInfo upgradeInstall(Store s, Map<String, Object> v) { return timed(s, () -> helm.upgradeInstall(s, v)); }
        @Override public ReleaseInfo rollback(Store s, int r) { return timed(s, () -> helm.rollback(s, r)); }
        @Override public List<ReleaseInfo> history(Store s) { return timed(s, () -> helm.history(s)); }
        @Override public Optional<RevisionValues> values(Store s, int r) { return timed(s, () -> helm.values(s, r)); }
        @Override public Optional<ReleaseInfo> status(Store s) { return timed(s, () -> helm.status(s)); }
        @Override public void uninstall(Store s) { timed(s, () -> helm.uninstall(s)); }
        @Override public dev.storefleet.domain.ChartVersion bundledChart(dev.storefleet.domain.StoreType t) { return helm.bundledChart(t); }
        @Override public Optional<String> manifest(Store s, int r) { return timed(s, () -> helm.manifest(s, r)); }
        @Override public String renderUpgrade(Store s, Map<String, Object> v) { return timed(s, () -> helm.renderUpgrade(s, v)); }
        @Override public void ensureNamespace(Store s) { timed(s, () -> cluster.ensureNamespace(s)); }
        @Override public <T> T superviseRollout(Store s, Consumer<String> p, java.util.function.Supplier<T> r) { return cluster.superviseRollout(s, p, r); }
        @Override public void awaitReady(Store s, Duration t, Consumer<String> p) { timed(s, () -> cluster.awaitReady(s, t, p)); }
        @Override public Optional<String> storeUrl(Store s) { return timed(s, () -> cluster.storeUrl(s)); }
        @Override public void scaleToZero(Store s, Duration t, Consumer<String> p) { timed(s, () -> cluster.scaleToZero(s, t, p)); }
        @Override public void scaleBack(Store s) { timed(s, () -> cluster.scaleBack(s)); }
        @Override public void deleteNamespace(Store s, Duration t) { timed(s, () -> cluster.deleteNamespace(s, t)); }
        @Override public boolean namespaceExists(Store s) { return timed(s, () -> cluster.namespaceExists(s)); }
        @Override public Map<String, String> managedNamespaces() { return cluster.managedNamespaces(); }
    }

    /** Samples used heap every 20 ms; the peak is what the console needed at its busiest. */
    static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            sampler.thread = new Thread(() -> {
                while (sampler.running) {
                    sampler.peak.accumulateAndGet(sampler.memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        long peakBytes() {
            return peak.get();
        }
    }
}
