package dev.storefleet.api;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.persistence.DatabaseTarget;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.FakeCluster;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.TeamSettings;
import dev.storefleet.service.port.FleetWatch;
import dev.storefleet.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Team scale, on the H2 file and on a real PostgreSQL side by side (H2, PostgreSQL, H2, … for
 * {@code runs} rounds, so the machine's drift falls on both):
 * <ol>
 * <li>{@code GET /api/stores} with {@code stores} stores (1,000 by default): requests/s and p50/p99
 *     from {@code clients} concurrent clients, through a real {@code serve} JVM;</li>
 * <li>{@code POST /api/stores} on top of them: creates/s and p50/p99 (no cluster is configured, so
 *     each provisioning fails at once and commits its rows, as a console's background work would);</li>
 * <li>PostgreSQL only: the cross-console update latency, two consoles on one database in this
 *     JVM: a store created through one, until the other's listeners hear of it (p50/p99 of
 *     {@code samples}).</li>
 * </ol>
 * <pre>mvn -Pbenchmark-team test-compile exec:exec [-Dbench.stores=1000 -Dbench.runs=3 -Dbench.clients=4]</pre>
 * or {@code bench/team-scale}.
 */
public final class TeamScaleBenchmark {
    private static final int STORES = Integer.getInteger("stores", 1000);
    private static final int RUNS = Integer.getInteger("runs", 3);
    private static final int CLIENTS = Integer.getInteger("clients", 4);
    private static final int LISTS = Integer.getInteger("lists", 200);
    private static final int CREATES = Integer.getInteger("creates", 300);
    private static final int SAMPLES = Integer.getInteger("samples", 100);

    private TeamScaleBenchmark() {
    }

    /** One database's figures of one round. */
    private record Figures(double listRate, double listP50, double listP99, double createRate, double createP50,
            double createP99) {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%d rounds; %d stores; %d GET /api/stores and %d creates from %d clients%n", RUNS, STORES,
                LISTS, CREATES, CLIENTS);
        Map<String, List<Figures>> byDatabase = new java.util.LinkedHashMap<>();
        for (int run = 0; run < RUNS; run++) {
            for (String kind : List.of("H2", "PostgreSQL")) {
                Figures f = oneRun(kind);
                byDatabase.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
                System.out.printf("round %d, %-10s: list %.1f req/s (p50 %.1f ms, p99 %.1f ms); create %.1f req/s"
                        + " (p50 %.1f ms, p99 %.1f ms)%n", run + 1, kind, f.listRate(), f.listP50(), f.listP99(),
                        f.createRate(), f.createP50(), f.createP99());
            }
        }
        System.out.println();
        byDatabase.forEach((kind, list) -> System.out.printf("%-10s median of rounds: list %.1f req/s, p99 %.1f ms;"
                + " create %.1f req/s, p99 %.1f ms%n", kind, median(list.stream().map(Figures::listRate).toList()),
                median(list.stream().map(Figures::listP99).toList()), median(list.stream().map(Figures::createRate).toList()),
                median(list.stream().map(Figures::createP99).toList())));
        List<Double> listRatios = new ArrayList<>();
        List<Double> createRatios = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            listRatios.add(byDatabase.get("PostgreSQL").get(i).listRate() / byDatabase.get("H2").get(i).listRate());
            createRatios.add(byDatabase.get("PostgreSQL").get(i).createRate() / byDatabase.get("H2").get(i).createRate());
        }
        System.out.printf("PostgreSQL / H2, round by round: list rate %.2f, create rate %.2f (medians)%n",
                median(listRatios), median(createRatios));
        crossConsoleLatency();
        System.exit(0);
    }

    private static Figures oneRun(String kind) throws Exception {
        Path dir = Files.createTempDirectory("storefleet-team-bench-");
        Map<String, String> env = kind.equals("H2") ? Map.of() : Map.of("DATABASE_URL", TestPostgres.freshDatabaseUrl());
        try (ServeProcess serve = ServeProcess.start(dir.resolve("data"), dir.resolve("no-kubeconfig"), dir, env)) {
            AtomicInteger next = new AtomicInteger();
            timed(serve, STORES, CLIENTS, () -> create(serve, next.getAndIncrement()));
            List<Double> lists = new ArrayList<>();
            double listRate = timed(serve, LISTS, CLIENTS, () -> {
                ServeProcess.Answer answer = serve.get("/api/stores");
                check(answer, 200);
            }, lists);
            List<Double> creates = new ArrayList<>();
            double createRate = timed(serve, CREATES, CLIENTS, () -> create(serve, next.getAndIncrement()), creates);
            return new Figures(listRate, percentile(lists, 50), percentile(lists, 99), createRate,
                    percentile(creates, 50), percentile(creates, 99));
        } finally {
            deleteTree(dir);
        }
    }

    private static void create(ServeProcess serve, int n) throws Exception {
        check(serve.post("/api/stores", "{\"name\":\"Team Store " + n + "\",\"owner\":\"owner-" + n
                + "\",\"type\":\"woocommerce\"}"), 201);
    }

    private static void check(ServeProcess.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
        }
    }

    /** A created store, from the call on one console to the other's listeners hearing of it. */
    private static void crossConsoleLatency() throws Exception {
        DatabaseTarget database = TestPostgres.freshDatabase();
        FakeCluster cluster = new FakeCluster();
        TeamSettings team = TeamSettings.DEFAULTS;
        try (Storefleet first = start(database, cluster, team); Storefleet second = start(database, cluster, team)) {
            first.startWatching();
            second.startWatching();
            Map<String, CountDownLatch> heard = new ConcurrentHashMap<>();
            second.events().subscribe(new StoreEvents.Listener() {
                @Override
                public void storeChanged(Store store) {
                    CountDownLatch latch = heard.get(store.name());
                    if (latch != null) {
                        latch.countDown();
                    }
                }
            });
            List<Double> latencies = new ArrayList<>();
            java.util.Random random = new java.util.Random(15);
            for (int i = 0; i < SAMPLES; i++) {
                CountDownLatch latch = new CountDownLatch(1);
                heard.put("Seen " + i, latch);
                long started = System.nanoTime();
                Store made = first.stores().create(new NewStoreRequest("Seen " + i, "watcher-" + i, null, null), "bench");
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the second console never heard of store " + made.id());
                }
                latencies.add((System.nanoTime() - started) / 1e6);
                // Heard just after one of the follower's polls: wait a random part of its interval, or every
                // create would come right after a poll and wait a whole interval.
                Thread.sleep(random.nextInt((int) team.followEvery().toMillis()));
            }
            System.out.printf("cross-console update latency (PostgreSQL, follow every %d ms, %d samples): p50 %.0f ms,"
                    + " p99 %.0f ms, max %.0f ms%n", team.followEvery().toMillis(), SAMPLES, percentile(latencies, 50),
                    percentile(latencies, 99), Collections.max(latencies));
        }
    }

    private static Storefleet start(DatabaseTarget database, FakeCluster cluster, TeamSettings team) {
        return Storefleet.start(database, cluster, cluster, null, cluster, Storefleet.NO_POD_ACCESS,
                Storefleet.NO_STORE_API, FleetWatch.NONE, EngineSettings.DEFAULTS, team, Clock.systemUTC());
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static double timed(ServeProcess serve, int count, int clients, Call call) throws Exception {
        return timed(serve, count, clients, call, new ArrayList<>());
    }

    /** {@code count} calls from {@code clients} threads; the rate per second, each call's ms into {@code millis}. */
    private static double timed(ServeProcess serve, int count, int clients, Call call, List<Double> millis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Double> shared = Collections.synchronizedList(millis);
        AtomicInteger left = new AtomicInteger(count);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        long t = System.nanoTime();
                        call.run();
                        shared.add((System.nanoTime() - t) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
