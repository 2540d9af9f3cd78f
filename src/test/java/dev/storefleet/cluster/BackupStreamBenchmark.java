package dev.storefleet.cluster;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.BackupCommands;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.DataJob;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.MedusaStandIn;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.testcluster.ExecTestCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup and restore throughput of a Medusa store's database through the exec stream, and the
 * console's extra heap while streaming, at two database sizes (the heap must not grow with the
 * size). The whole path is real but the pod: the service, fabric8's exec WebSocket to a test API
 * server, relayed to pg_dump / pg_restore run with the chart's container environment against a
 * real PostgreSQL, into and out of a real archive.
 *
 * <pre>
 * mvn -Pbenchmark-backup test-compile exec:exec [-Dbench.sizes=50,200] [-Dbench.runs=3]
 * </pre>
 *
 * Prints, per size: database and dump size; backup and restore MB/s through the console (of the
 * dump's bytes) and, side by side in each run, the same command run directly on this machine into
 * and from a file, with the ratio per pair (medians); then, in one more backup and restore, the
 * extra live heap: the heap in use after a full GC every {@value #LIVE_SAMPLE_MILLIS} ms, above
 * the same before the run (the heap in use without a GC counts garbage not yet collected, which
 * grows with the bytes streamed whatever is kept). The test API server runs in this JVM, so its
 * heap counts too. The archive and the streams are all on this machine: the figures are of the
 * console's and the protocol's cost, not of a network.
 */
public final class BackupStreamBenchmark {
    private static final double MB = 1024.0 * 1024.0;
    /** Rows of 128 KB of random bytes (incompressible, as a shop's images and hashes mostly are). */
    private static final int ROW_BYTES = 128 * 1024;
    private static final long LIVE_SAMPLE_MILLIS = 250;

    private BackupStreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("sizes", "50,200").split(",")).mapToInt(s -> Integer.parseInt(s.strip()))
                .toArray();
        int runs = Integer.getInteger("runs", 3);
        Path root = Files.createTempDirectory("backup-bench");
        System.out.printf(Locale.ROOT, "backup and restore through the exec stream, %d runs per size, JDK %s, max heap"
                + " %.0f MB%n", runs, Runtime.version(), Runtime.getRuntime().maxMemory() / MB);
        for (int sizeMb : sizes) {
            measure(root.resolve("s" + sizeMb), sizeMb, runs);
        }
        System.exit(0);
    }

    private static void measure(Path dir, int sizeMb, int runs) throws Exception {
        MedusaStandIn db = MedusaStandIn.seeded(100);
        int rows = sizeMb * 1024 * 1024 / ROW_BYTES;
        db.execute("CREATE TABLE product_image (id int PRIMARY KEY, data bytea NOT NULL);"
                + "ALTER TABLE product_image ALTER COLUMN data SET STORAGE EXTERNAL;"
                + "INSERT INTO product_image SELECT i, (SELECT decode(string_agg(md5(random()::text || i || k), ''), 'hex')"
                + " FROM generate_series(1, " + ROW_BYTES / 16 + ") k) FROM generate_series(1, " + rows + ") i");
        String ns = "store-bench-shop";
        Function<List<String>, List<String>> container = ExecContainers.withEnvironment(db.containerEnvironment());
        BackupCommands.StoreCommands commands = BackupCommands.of(StoreType.MEDUSA);
        try (ExecTestCluster api = new ExecTestCluster(ns, container, dir.resolve("api"))) {
            // Input waits for pg_restore in at most 64 messages (2 MB) on the server's side, as an API
            // server's and kubelet's buffers bound it; unbounded, the test server (in this JVM) would
            // hold whatever the console sends ahead of pg_restore and count as the console's heap.
            api.pod("bench-shop-postgresql-0", ns, "database", "Running").inputQueue(64);
            ServiceFixture fx = new ServiceFixture(dir.resolve("data"), new FakeStoreOrders(),
                    new Fabric8StoreExec(api.connection()));
            try {
                Store store = fx.stores().create(new NewStoreRequest("Bench Shop", "alice", null, "medusa"), "alice");
                fx.settle();
                Legs legs = new Legs(fx.app().backups(), store.id());
                List<Double> backupRates = new ArrayList<>();
                List<Double> restoreRates = new ArrayList<>();
                List<Double> backupRatios = new ArrayList<>();
                List<Double> restoreRatios = new ArrayList<>();
                Path direct = dir.resolve("direct.dump");
                long dumpBytes = 0;
                for (int run = 0; run < runs; run++) {
                    double directBackup = run(container.apply(commands.databaseDump().argv()), null, direct);
                    Manifest m = legs.backup();
                    dumpBytes = m.parts().get(0).size();
                    backupRates.add(dumpBytes / MB / legs.backupSeconds);
                    backupRatios.add(legs.backupSeconds / directBackup);

                    double directRestore = run(container.apply(commands.databaseRestore().argv()), direct, null);
                    legs.restore(m);
                    restoreRates.add(dumpBytes / MB / legs.restoreSeconds);
                    restoreRatios.add(legs.restoreSeconds / directRestore);
                    legs.deleteAll();
                }
                LiveHeap backupHeap = LiveHeap.start();
                Manifest m = legs.backup();
                double backupLive = backupHeap.stop() / MB;
                LiveHeap restoreHeap = LiveHeap.start();
                legs.restore(m);
                double restoreLive = restoreHeap.stop() / MB;
                legs.deleteAll();
                System.out.printf(Locale.ROOT, "database %5.0f MB (pg_database_size), dump %6.1f MB%n"
                        + "  backup  %6.1f MB/s through the console, %.2fx the time of pg_dump run directly to a file%n"
                        + "  restore %6.1f MB/s through the console (from its first byte, after the checksums and the"
                        + " safety backup), %.2fx the time of pg_restore run directly from a file%n"
                        + "  (medians of %d pairs)  extra live heap: backup %.1f MB, restore %.1f MB%n",
                        db.sizeBytes() / MB, dumpBytes / MB, median(backupRates), median(backupRatios),
                        median(restoreRates), median(restoreRatios), runs, backupLive, restoreLive);
            } finally {
                fx.close();
            }
        }
    }

    /** A backup and a restore into the same store through the service, timed. */
    private static final class Legs {
        private final BackupService backups;
        private final long storeId;
        double backupSeconds;
        double restoreSeconds;

        Legs(BackupService backups, long storeId) {
            this.backups = backups;
            this.storeId = storeId;
        }

        Manifest backup() throws Exception {
            long t0 = System.nanoTime();
            Manifest m = backups.backup(storeId, null, "bench").result().get(30, TimeUnit.MINUTES);
            backupSeconds = (System.nanoTime() - t0) / 1e9;
            return m;
        }

        void restore(Manifest m) throws Exception {
            DataJob<BackupService.RestoreResult> job = backups.restore(storeId, m.backupId(), BackupService.Into.SAME,
                    "bench");
            AtomicLong restoreStarted = new AtomicLong();
            job.onProgress(p -> {
                if (p.step().startsWith("restoring") && restoreStarted.get() == 0) {
                    restoreStarted.set(System.nanoTime());
                }
            });
            job.result().get(30, TimeUnit.MINUTES);
            restoreSeconds = (System.nanoTime() - restoreStarted.get()) / 1e9;
        }

        void deleteAll() {
            for (var listed : backups.list(storeId)) {
                backups.delete(storeId, listed.manifest().backupId(), "bench");
            }
        }
    }

    /** Runs the local command with stdin from {@code in} and stdout into {@code out} (either may be null): seconds. */
    private static double run(List<String> argv, Path in, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(in == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : ProcessBuilder.Redirect.from(in.toFile()));
        pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        long t0 = System.nanoTime();
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(argv + " exited with " + exit);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The heap in use after a full GC, sampled every LIVE_SAMPLE_MILLIS: its peak above the same at the start. */
    private static final class LiveHeap {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private LiveHeap() {
            baseline = live();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(live(), Math::max);
                    try {
                        Thread.sleep(LIVE_SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private static long live() {
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed();
        }

        static LiveHeap start() {
            return new LiveHeap();
        }

        /** Bytes of live heap at the peak above the baseline. */
        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return Math.max(0, peak.get() - baseline);
        }
    }
}
