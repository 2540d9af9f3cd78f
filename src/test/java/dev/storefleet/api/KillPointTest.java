package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The console killed the way a machine kills it: a real {@code serve} JVM over the real H2 file
 * and the test cluster is sent a random mix of creates, upgrades, rollbacks, retries and deletes
 * and is killed with SIGKILL at a random moment (seeded), then started again on the same data
 * directory. Each start checks the rounds before: every answer the client got (201, 202) and
 * every audit row it read is still true; no store stays in a running state; no namespace or Helm
 * release belongs to no store or to two. At the end a retry of every FAILED store converges.
 * {@code -Dkillpoint.rounds=N} runs more rounds (the suite runs 6); the figures are printed.
 */
@Timeout(600)
class KillPointTest {
    private static final long SEED = Long.getLong("killpoint.seed", 20261201L);
    private static final int ROUNDS = Integer.getInteger("killpoint.rounds", 6);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final Set<String> RUNNING_STATES = Set.of("created", "provisioning", "upgrading", "rolling_back",
            "deleting");

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    /** What the client was told: action name and store id, once per acknowledged request. */
    private final List<String> acknowledged = new ArrayList<>();
    private final Set<Long> created = new HashSet<>();
    private final Set<Long> deleteAcknowledged = new HashSet<>();
    /** Stores a DELETE was sent for: gone or not, when the kill took the answer. */
    private final Set<Long> deleteSent = new HashSet<>();
    /** Audit rows the client read before a kill: id to "action store-id". */
    private final Map<Long, String> auditRead = new HashMap<>();
    private int nextName;
    private int kills;
    private int requestsAcknowledged;

    @Test
    void whatWasAnsweredSurvivesAKillAtAnyPoint() throws Exception {
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try (TestKubernetesApi kube = new TestKubernetesApi()) {
            kube.readyAfter(Duration.ofMillis(600));
            Path kubeconfig = kube.kubeconfigFile(Files.createDirectories(dir.resolve("kube")));
            Path data = dir.resolve("data");
            for (int round = 0; round < ROUNDS; round++) {
                ServeProcess serve = ServeProcess.start(data, kubeconfig, dir);
                try {
                    checkAcknowledged(serve, round);
                    settle(serve, round);
                    checkCluster(serve, kube, round);
                    long killAt = 300 + random.nextInt(3_700);
                    var kill = killer.schedule(() -> {
                        serve.kill();
                        return null;
                    }, killAt, TimeUnit.MILLISECONDS);
                    operateUntilKilled(serve);
                    kill.get(60, TimeUnit.SECONDS);
                    kills++;
                } catch (AssertionError e) {
                    throw new AssertionError("round " + round + " (seed " + SEED + "): " + e.getMessage()
                            + "\nserve output:\n" + tail(serve.output()), e);
                } finally {
                    serve.close();
                }
            }
            try (ServeProcess serve = ServeProcess.start(data, kubeconfig, dir)) {
                checkAcknowledged(serve, ROUNDS);
                settle(serve, ROUNDS);
                checkCluster(serve, kube, ROUNDS);
                List<JsonNode> failed = stores(serve).stream().filter(s -> status(s).equals("failed")).toList();
                for (JsonNode store : failed) {
                    assertEquals(202, serve.post("/api/stores/" + store.path("id").asLong() + "/retry", "").status());
                }
                settle(serve, ROUNDS);
                List<String> notReady = stores(serve).stream().filter(s -> !status(s).equals("ready"))
                        .map(s -> s.path("name").asString() + ": " + status(s) + " " + s.path("lastError").asString())
                        .toList();
                assertEquals(List.of(), notReady, "a retry of every failed store converges (seed " + SEED + ")");
                checkCluster(serve, kube, ROUNDS);
                System.out.printf("kill points: %d rounds, %d kills, %d acknowledged requests, %d audit rows read"
                        + " before kills, %d failed stores retried, %d stores at the end (seed %d)%n", ROUNDS, kills,
                        requestsAcknowledged, auditRead.size(), failed.size(), stores(serve).size(), SEED);
            }
        } finally {
            killer.shutdownNow();
        }
    }

    /** Sends random operations until the connection is refused (the kill), noting every 2xx answer. */
    private void operateUntilKilled(ServeProcess serve) throws InterruptedException {
        try {
            while (true) {
                List<JsonNode> stores = stores(serve);
                int choice = random.nextInt(10);
                if (choice < 3 || stores.isEmpty()) {
                    createOne(serve, stores.size());
                } else if (choice == 3) {
                    readActivity(serve);
                } else {
                    operateOn(serve, stores.get(random.nextInt(stores.size())), choice);
                }
                Thread.sleep(random.nextInt(60));
            }
        } catch (IOException killed) {
            // the kill came: requests in flight were not answered, so they promise nothing
        }
    }

    private void createOne(ServeProcess serve, int alive) throws IOException, InterruptedException {
        if (alive >= 8) {
            return;
        }
        int n = nextName++;
        String type = n % 4 == 3 ? "medusa" : "woocommerce";
        ServeProcess.Answer answer = serve.post("/api/stores", "{\"name\":\"Kill Shop " + n + "\",\"owner\":\"owner-" + n
                + "\",\"email\":\"o" + n + "@example.com\",\"type\":\"" + type + "\"}");
        if (answer.status() == 201) {
            long id = ApiFixture.JSON.readTree(answer.body()).path("id").asLong();
            created.add(id);
            acknowledge("create", id);
        }
    }

    private void operateOn(ServeProcess serve, JsonNode store, int choice) throws IOException, InterruptedException {
        long id = store.path("id").asLong();
        String path = "/api/stores/" + id;
        String status = status(store);
        if (choice <= 5 && status.equals("ready")) {
            if (serve.post(path + "/upgrade", "").status() == 202) {
                acknowledge("upgrade", id);
            }
        } else if (choice == 6 && status.equals("ready") && store.path("revision").asInt() >= 2) {
            int to = store.path("revision").asInt() - 1;
            if (serve.post(path + "/rollback", "{\"revision\":" + to + "}").status() == 202) {
                acknowledge("rollback", id);
            }
        } else if (choice == 7 && status.equals("failed")) {
            if (serve.post(path + "/retry", "").status() == 202) {
                acknowledge("retry", id);
            }
        } else if (choice >= 8) {
            deleteSent.add(id);
            if (serve.delete(path).status() == 202) {
                deleteAcknowledged.add(id);
                acknowledge("delete", id);
            }
        }
    }

    private void acknowledge(String action, long storeId) {
        acknowledged.add(action + " " + storeId);
        requestsAcknowledged++;
    }

    private void readActivity(ServeProcess serve) throws IOException, InterruptedException {
        ServeProcess.Answer answer = serve.get("/stores/activity?size=100");
        if (answer.status() == 200) {
            for (JsonNode row : ApiFixture.JSON.readTree(answer.body()).path("items")) {
                auditRead.put(row.path("id").asLong(), describe(row));
            }
        }
    }

    /** Every answer the client got and every audit row it read, checked against the restarted console. */
    private void checkAcknowledged(ServeProcess serve, int round) throws IOException, InterruptedException {
        Map<Long, String> audit = allActivity(serve);
        Map<Long, String> lostRows = new HashMap<>(auditRead);
        lostRows.entrySet().removeIf(row -> row.getValue().equals(audit.get(row.getKey())));
        assertEquals(Map.of(), lostRows, "audit rows read before a kill are gone or changed");

        Map<String, Long> successes = audit.values().stream().filter(r -> r.endsWith(" success"))
                .map(r -> r.substring(0, r.length() - " success".length()))
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        Map<String, Long> answered = acknowledged.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        List<String> lost = answered.entrySet().stream()
                .filter(a -> successes.getOrDefault(a.getKey(), 0L) < a.getValue())
                .map(a -> a.getKey() + " (answered " + a.getValue() + "x, audited "
                        + successes.getOrDefault(a.getKey(), 0L) + "x)").sorted().toList();
        assertEquals(List.of(), lost, "acknowledged requests with no audit row after the restart");

        Map<Long, String> now = stores(serve).stream().collect(Collectors.toMap(s -> s.path("id").asLong(), KillPointTest::status));
        for (long id : created) {
            if (deleteAcknowledged.contains(id)) {
                assertTrue(!now.containsKey(id) || now.get(id).equals("deleting"),
                        "store " + id + " was answered 202 for a delete but is " + now.get(id));
            } else if (!deleteSent.contains(id)) {
                assertTrue(now.containsKey(id), "store " + id + " was answered 201 but is gone");
            }
        }
    }

    /** Every audit row, as "action store-id outcome". */
    private static Map<Long, String> allActivity(ServeProcess serve) throws IOException, InterruptedException {
        Map<Long, String> rows = new HashMap<>();
        for (int page = 0; ; page++) {
            ServeProcess.Answer answer = serve.get("/stores/activity?size=500&page=" + page);
            assertEquals(200, answer.status(), answer.body());
            JsonNode items = ApiFixture.JSON.readTree(answer.body()).path("items");
            for (JsonNode row : items) {
                rows.put(row.path("id").asLong(), describe(row));
            }
            if (items.size() < 500) {
                return rows;
            }
        }
    }

    /** Waits until no store is in a running state: reconciliation settled what the kill left. */
    private void settle(ServeProcess serve, int round) throws Exception {
        Eventually.await("no store in a running state after the restart", SETTLE, () -> running(serve).isEmpty(),
                () -> "still running: " + running(serve));
    }

    /** The stores in a running state, as "name status". */
    private static List<String> running(ServeProcess serve) throws IOException, InterruptedException {
        return stores(serve).stream().filter(s -> RUNNING_STATES.contains(status(s)))
                .map(s -> s.path("name").asString() + " " + status(s)).toList();
    }

    /** Each labelled namespace belongs to one live store, and holds that store's release only. */
    private void checkCluster(ServeProcess serve, TestKubernetesApi kube, int round) throws IOException, InterruptedException {
        Map<String, Long> storeByNamespace = new HashMap<>();
        for (JsonNode store : stores(serve)) {
            Long before = storeByNamespace.put(store.path("namespace").asString(), store.path("id").asLong());
            assertNull(before, "two stores share namespace " + store.path("namespace").asString());
        }
        List<String> orphans = new ArrayList<>();
        for (Namespace ns : kube.client().namespaces().withLabel("app.kubernetes.io/managed-by", "storefleet").list()
                .getItems()) {
            String name = ns.getMetadata().getName();
            Long owner = storeByNamespace.get(name);
            if (owner == null) {
                orphans.add(name);
            } else {
                assertEquals(String.valueOf(owner), ns.getMetadata().getLabels().get("storefleet.dev/store-id"),
                        "namespace " + name + " is labelled for another store");
            }
        }
        assertEquals(List.of(), orphans, "namespaces left behind with no store");
        for (Secret record : kube.client().secrets().inAnyNamespace().withLabel("owner", "helm").list().getItems()) {
            String ns = record.getMetadata().getNamespace();
            assertTrue(storeByNamespace.containsKey(ns), "Helm record " + record.getMetadata().getName()
                    + " in " + ns + ", which belongs to no store");
            assertEquals(ns, record.getMetadata().getLabels().get("name"), "one release per store namespace");
        }
        Map<String, Long> deployed = kube.client().secrets().inAnyNamespace().withLabel("owner", "helm")
                .withLabel("status", "deployed").list().getItems().stream()
                .collect(Collectors.groupingBy(s -> s.getMetadata().getNamespace(), Collectors.counting()));
        deployed.forEach((ns, count) -> assertEquals(1L, count, "deployed revisions of the release in " + ns));
    }

    private static String describe(JsonNode auditRow) {
        return auditRow.path("action").asString() + " " + auditRow.path("storeId").asLong() + " "
                + auditRow.path("outcome").asString();
    }

    private static List<JsonNode> stores(ServeProcess serve) throws IOException, InterruptedException {
        ServeProcess.Answer answer = serve.get("/api/stores");
        if (answer.status() != 200) {
            throw new AssertionError("GET /api/stores answered " + answer.status() + ": " + answer.body());
        }
        List<JsonNode> list = new ArrayList<>();
        ApiFixture.JSON.readTree(answer.body()).forEach(list::add);
        return list;
    }

    private static String status(JsonNode store) {
        return store.path("status").asString();
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
