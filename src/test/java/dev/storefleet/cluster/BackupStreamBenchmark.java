package dev.storefleet.cluster;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
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
 * Prints, per size: database and dump size, backup MB/s and restore MB/s (medians of the runs, of
 * the dump's bytes), and the heap in use while streaming above the heap before (peak of samples
 * every 10 ms). The archive and the streams are all on this machine: the figures are of the
 * console's and the protocol's cost, not of a network.
 */
public final class BackupStreamBenchmark {
    private static final double MB = 1024.0 * 1024.0;
    /** Rows of 128 KB of random bytes (incompressible, as a shop's images and hashes mostly are). */
    private static final int ROW_BYTES = 128 * 1024;

    private BackupStreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("sizes", "50,200").split(",")).mapToInt(s -> Integer.parseInt(s.strip()))
                .toArray();
        int runs = Integer.getInteger("runs", 3);
        Path root = Files.createTempDirectory("backup-bench");
        System.out.printf(Locale.ROOT, "backup and restore through the exec stream, %d runs per size, JDK %s%n", runs,
                Runtime.version());
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
        try (ExecTestCluster api = new ExecTestCluster(ns, ExecContainers.withEnvironment(db.containerEnvironment()),
                dir.resolve("api"))) {
            api.pod("bench-shop-postgresql-0", ns, "database", "Running");
            ServiceFixture fx = new ServiceFixture(dir.resolve("data"), new FakeStoreOrders(),
                    new Fabric8StoreExec(api.connection()));
            try {
                Store store = fx.stores().create(new NewStoreRequest("Bench Shop", "alice", null, "medusa"), "alice");
                fx.settle();
                BackupService backups = fx.app().backups();
                List<Double> backupRates = new ArrayList<>();
                List<Double> restoreRates = new ArrayList<>();
                List<Double> heaps = new ArrayList<>();
                long dumpBytes = 0;
                for (int run = 0; run < runs; run++) {
                    HeapPeak backupHeap = HeapPeak.start();
                    long t0 = System.nanoTime();
                    Manifest m = backups.backup(store.id(), null, "bench").result().get(30, TimeUnit.MINUTES);
                    double backupSeconds = (System.nanoTime() - t0) / 1e9;
                    heaps.add(backupHeap.stop() / MB);
                    dumpBytes = m.parts().get(0).size();
                    backupRates.add(dumpBytes / MB / backupSeconds);

                    HeapPeak restoreHeap = HeapPeak.start();
                    DataJob<BackupService.RestoreResult> job = backups.restore(store.id(), m.backupId(),
                            BackupService.Into.SAME, "bench");
                    AtomicLong restoreStarted = new AtomicLong();
                    job.onProgress(p -> {
                        if (p.step().startsWith("restoring") && restoreStarted.get() == 0) {
                            restoreStarted.set(System.nanoTime());
                        }
                    });
                    job.result().get(30, TimeUnit.MINUTES);
                    double restoreSeconds = (System.nanoTime() - restoreStarted.get()) / 1e9;
                    heaps.add(restoreHeap.stop() / MB);
                    restoreRates.add(dumpBytes / MB / restoreSeconds);
                    for (var listed : backups.list(store.id())) {
                        backups.delete(store.id(), listed.manifest().backupId(), "bench");
                    }
                }
                System.out.printf(Locale.ROOT, "database %5.0f MB (pg_database_size), dump %6.1f MB: backup %6.1f MB/s,"
                                + " restore %6.1f MB/s (medians of %d; restore timed from its first byte, after the"
                                + " checksums and the safety backup), extra heap while streaming: median %.1f MB,"
                                + " max %.1f MB%n", db.sizeBytes() / MB, dumpBytes / MB, median(backupRates),
                        median(restoreRates), runs, median(heaps), heaps.stream().mapToDouble(d -> d).max().orElse(0));
            } finally {
                fx.close();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The heap in use above what it was at the start (after a GC), sampled every 10 ms: its peak. */
    private static final class HeapPeak {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapPeak() {
            System.gc();
            baseline = MEMORY.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        /** Bytes of heap in use at the peak above the baseline. */
        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return Math.max(0, peak.get() - baseline);
        }
    }
}
