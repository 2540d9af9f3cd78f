package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import dev.storefleet.testing.TestPostgres;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two {@code serve} JVMs on one real PostgreSQL and one test cluster, as a team runs them: the
 * quota and the unique names hold across the processes, a store made through one is listed by
 * the other within 2 s, an operation running in one is refused by the other with its holder named,
 * and when one is killed with SIGKILL half-way through provisioning, the other settles that store
 * once the lease expires, with one namespace and one Helm release.
 */
@Timeout(300)
class TwoServeInstancesTest {
    /** Short, so that the take-over is seen in seconds; the default is 30. */
    private static final int LEASE_SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void twoInstancesOnOneDatabaseShareOneTruth() throws Exception {
        try (TestKubernetesApi kube = new TestKubernetesApi()) {
            kube.readyAfter(Duration.ofSeconds(3));
            Path kubeconfig = kube.kubeconfigFile(Files.createDirectories(dir.resolve("kube")));
            Map<String, String> env = Map.of("DATABASE_URL", TestPostgres.freshDatabaseUrl(),
                    "STOREFLEET_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
            ServeProcess first = ServeProcess.start(dir.resolve("data-1"), kubeconfig, dir, env);
            try (ServeProcess second = ServeProcess.start(dir.resolve("data-2"), kubeconfig, dir, env)) {
                quotaAndNamesHoldAcrossProcesses(first, second);
                aStoreMadeThroughOneIsListedByTheOther(first, second);
                aStoreAtWorkInOneIsRefusedByTheOther(first, second);
                aKilledInstancesStoreIsSettledByTheOther(first, second, kube);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nfirst:\n" + tail(first.output()), e);
            } finally {
                first.close();
            }
        }
    }

    private void quotaAndNamesHoldAcrossProcesses(ServeProcess first, ServeProcess second) throws Exception {
        List<Integer> owner = createInParallel(first, second, 20, n -> "{\"name\":\"Quota Shop " + n
                + "\",\"owner\":\"carol\",\"type\":\"woocommerce\"}");
        assertEquals(3, owner.stream().filter(s -> s == 201).count(), "one owner's creates through both: " + owner);
        assertTrue(owner.stream().allMatch(s -> s == 201 || s == 403 || s == 400), owner.toString());

        List<Integer> named = createInParallel(first, second, 10, n -> "{\"name\":\"Same Name\",\"owner\":\"owner-" + n
                + "\",\"type\":\"medusa\"}");
        assertEquals(1, named.stream().filter(s -> s == 201).count(), "one name's creates through both: " + named);

        List<JsonNode> listed = stores(second);
        assertEquals(3, listed.stream().filter(s -> s.path("owner").asString().equals("carol")).count());
        assertEquals(1, listed.stream().filter(s -> s.path("name").asString().equals("Same Name")).count());
    }

    private void aStoreMadeThroughOneIsListedByTheOther(ServeProcess first, ServeProcess second) throws Exception {
        long started = System.nanoTime();
        assertEquals(201, first.post("/api/stores", "{\"name\":\"Seen Shop\",\"owner\":\"dave\",\"type\":\"woocommerce\"}")
                .status());
        Eventually.await("the other instance lists it", Duration.ofSeconds(2),
                () -> stores(second).stream().anyMatch(s -> s.path("name").asString().equals("Seen Shop")),
                () -> "not listed by the second instance");
        System.out.printf("a store created through one instance was listed by the other after %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    private void aStoreAtWorkInOneIsRefusedByTheOther(ServeProcess first, ServeProcess second) throws Exception {
        ServeProcess.Answer made = first.post("/api/stores", "{\"name\":\"Busy Shop\",\"owner\":\"erin\",\"type\":\"woocommerce\"}");
        assertEquals(201, made.status(), made.body());
        long id = ApiFixture.JSON.readTree(made.body()).path("id").asLong();
        ServeProcess.Answer refused = second.delete("/api/stores/" + id);
        assertEquals(400, refused.status(), refused.body()); // a conflict, as every refusal of a store's state
        assertTrue(refused.body().contains("is being provisioned by"), refused.body());
    }

    private void aKilledInstancesStoreIsSettledByTheOther(ServeProcess first, ServeProcess second, TestKubernetesApi kube)
            throws Exception {
        ServeProcess.Answer made = first.post("/api/stores", "{\"name\":\"Orphaned Shop\",\"owner\":\"frank\",\"type\":\"woocommerce\"}");
        assertEquals(201, made.status(), made.body());
        long id = ApiFixture.JSON.readTree(made.body()).path("id").asLong();
        String namespace = ApiFixture.JSON.readTree(made.body()).path("namespace").asString();
        // Killed while its workloads are not ready yet (they are 3 s after each change): mid-provisioning.
        Eventually.await("the release is being installed", Duration.ofSeconds(20),
                () -> !helmRecords(kube, namespace).isEmpty(), () -> "no release in " + namespace);
        first.kill();
        assertEquals("provisioning", store(second, id).path("status").asString(), "cut off half-way");

        long killed = System.nanoTime();
        Eventually.await("the other instance settles the store", Duration.ofSeconds(LEASE_SECONDS * 3L + 30),
                () -> store(second, id).path("status").asString().equals("ready"),
                () -> "store: " + store(second, id));
        System.out.printf("the store of the killed instance was ready %d ms after the kill (lease %d s)%n",
                (System.nanoTime() - killed) / 1_000_000, LEASE_SECONDS);
        assertEquals(1, kube.client().namespaces().withLabel("storefleet.dev/store-id", Long.toString(id)).list()
                .getItems().size(), "one namespace");
        List<Secret> records = helmRecords(kube, namespace);
        assertEquals(1, records.stream().map(s -> s.getMetadata().getLabels().get("name")).distinct().count(),
                "one release: " + records.stream().map(s -> s.getMetadata().getName()).toList());
        assertEquals(1, records.stream().filter(s -> "deployed".equals(s.getMetadata().getLabels().get("status"))).count(),
                "one deployed revision");
    }

    private static List<Secret> helmRecords(TestKubernetesApi kube, String namespace) {
        return kube.client().secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems();
    }

    /** {@code perInstance} creates sent through each instance at once; their HTTP statuses. */
    private static List<Integer> createInParallel(ServeProcess first, ServeProcess second, int perInstance,
            java.util.function.IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(perInstance * 2);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int n = 0; n < perInstance * 2; n++) {
                ServeProcess via = n % 2 == 0 ? first : second;
                String json = body.apply(n);
                calls.add(() -> via.post("/api/stores", json).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode store(ServeProcess serve, long id) throws IOException, InterruptedException {
        return ApiFixture.JSON.readTree(serve.get("/api/stores/" + id).body());
    }

    private static List<JsonNode> stores(ServeProcess serve) throws IOException, InterruptedException {
        ServeProcess.Answer answer = serve.get("/api/stores");
        assertEquals(200, answer.status(), answer.body());
        List<JsonNode> stores = new ArrayList<>();
        JsonNode root = ApiFixture.JSON.readTree(answer.body());
        (root.isArray() ? root : root.path("stores")).forEach(stores::add);
        return stores;
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
