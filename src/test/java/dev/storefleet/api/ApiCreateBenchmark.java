package dev.storefleet.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates per second through the REST API: a fresh {@code serve} on a fresh data directory, a
 * warm-up, then {@code creates} POST /api/stores from {@code clients} concurrent clients, each
 * answered 201 (each create commits a store and its audit row; with no cluster configured, the
 * provisioning behind each one fails at once and commits two more rows, as a real console's
 * background work would). With several builds the runs alternate A B A B, and each build's ratio to the first is taken
 * pair by pair, so the machine's drift cancels out.
 *
 * <pre>mvn -Pbenchmark-api test-compile exec:exec [-Dbench.builds="before=CP after=CP"] [-Dbench.runs=5 -Dbench.creates=300 -Dbench.clients=4]</pre>
 * Without builds it measures this checkout's classes. A build's class path is, for example,
 * {@code /path/to/checkout/target/storefleet.jar:/path/to/checkout/target/lib/*}.
 */
public final class ApiCreateBenchmark {
    private static final int RUNS = Integer.getInteger("runs", 5);
    private static final int CREATES = Integer.getInteger("creates", 300);
    private static final int CLIENTS = Integer.getInteger("clients", 4);
    private static final int WARM_UP = 30;

    public static void main(String[] args) throws Exception {
        Map<String, String> builds = new LinkedHashMap<>();
        for (String arg : args) {
            for (String build : arg.trim().split("\\s+")) {
                if (!build.isEmpty()) {
                    int eq = build.indexOf('=');
                    builds.put(build.substring(0, eq), build.substring(eq + 1));
                }
            }
        }
        if (builds.isEmpty()) {
            builds.put("this checkout", System.getProperty("java.class.path"));
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        builds.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
        System.out.printf("%d runs of %d creates from %d clients after %d warm-up creates%n", RUNS, CREATES, CLIENTS,
                WARM_UP);
        for (int run = 0; run < RUNS; run++) {
            for (Map.Entry<String, String> build : builds.entrySet()) {
                double rate = oneRun(build.getValue());
                rates.get(build.getKey()).add(rate);
                System.out.printf("run %d, %s: %.1f creates/s%n", run + 1, build.getKey(), rate);
            }
        }
        System.out.println();
        rates.forEach((name, list) -> System.out.printf("%s: median %.1f creates/s (min %.1f, max %.1f)%n", name,
                median(list), list.stream().mapToDouble(d -> d).min().orElse(0),
                list.stream().mapToDouble(d -> d).max().orElse(0)));
        List<String> names = new ArrayList<>(rates.keySet());
        for (int b = 1; b < names.size(); b++) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ratios.add(rates.get(names.get(b)).get(i) / rates.get(names.get(0)).get(i));
            }
            System.out.printf("%s / %s, pair by pair: median %.2f (min %.2f, max %.2f)%n", names.get(b), names.get(0),
                    median(ratios), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                    ratios.stream().mapToDouble(d -> d).max().orElse(0));
        }
        System.exit(0);
    }

    private static double oneRun(String classPath) throws Exception {
        Path dir = Files.createTempDirectory("storefleet-api-bench-");
        try (ServeProcess serve = ServeProcess.start(classPath, dir.resolve("data"), dir.resolve("no-kubeconfig"), dir)) {
            AtomicInteger next = new AtomicInteger();
            creates(serve, WARM_UP, 1, next);
            long started = System.nanoTime();
            creates(serve, CREATES, CLIENTS, next);
            return CREATES / ((System.nanoTime() - started) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    private static void creates(ServeProcess serve, int count, int clients, AtomicInteger next) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count / clients; i++) {
                        int n = next.getAndIncrement();
                        ServeProcess.Answer answer = serve.post("/api/stores", "{\"name\":\"Bench Store " + n
                                + "\",\"owner\":\"owner-" + n + "\",\"email\":\"b" + n + "@example.com\"}");
                        if (answer.status() != 201) {
                            throw new IllegalStateException("create answered " + answer.status() + ": " + answer.body());
                        }
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
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
