package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.testing.Eventually;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The pod routes over real HTTP, against the real services, database, Helm and fabric8 on the
 * test Kubernetes API: what a script sees for the pods of a store and the tail of a log, and how
 * each bad request is refused in words.
 */
@Timeout(120)
class PodRoutesTest extends SharedStoreApiTest {

    private String logs(String pod, String query) {
        return "/api/stores/" + storeId + "/pods/" + pod + "/logs" + (query.isEmpty() ? "" : "?" + query);
    }

    private static final String RELEASE = "store-shared-shop";

    private static List<JsonNode> pods() throws Exception {
        List<JsonNode> list = new ArrayList<>();
        expect(200, fx.get("/api/stores/" + storeId + "/pods")).forEach(list::add);
        return list;
    }

    private static JsonNode pod(String component) throws Exception {
        return pods().stream().filter(p -> p.path("name").asString().startsWith(RELEASE + "-woocommerce-" + component))
                .findFirst().orElseThrow(() -> new AssertionError("no " + component + " pod"));
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, Duration.ofSeconds(30), condition);
    }

    @Test
    void theStoresPodsAreListedAsKubectlShowsThem() throws Exception {
        List<JsonNode> list = pods();
        assertEquals(3, list.size(), list.toString());
        JsonNode wordpress = pod("wordpress");
        assertEquals("Running", wordpress.path("phase").asString());
        assertEquals("", wordpress.path("reason").asString());
        assertEquals("1/1", wordpress.path("ready").asString());
        assertEquals(0, wordpress.path("restarts").asInt());
        assertEquals("", wordpress.path("lastState").asString());
        assertTrue(wordpress.path("owner").asString().startsWith("replicaset/" + RELEASE + "-woocommerce-wordpress"));
        Instant created = Instant.parse(wordpress.path("created").asString());
        assertTrue(wordpress.path("ageSeconds").asLong() >= 0 && created.isBefore(Instant.now().plusSeconds(1)));
        JsonNode container = wordpress.path("containers").path(0);
        assertEquals("wordpress", container.path("name").asString());
        assertEquals(false, container.path("init").asBoolean());
        assertEquals("running", container.path("state").asString());
        assertEquals(false, container.path("previousLog").asBoolean());
        assertTrue(container.path("image").asString().contains("wordpress"), container.toString());

        JsonNode setup = pod("setup");
        assertEquals("Succeeded", setup.path("phase").asString());
        assertEquals("Completed", setup.path("reason").asString());
        assertEquals("job/" + RELEASE + "-woocommerce-setup", setup.path("owner").asString());
        assertEquals("statefulset/" + RELEASE + "-woocommerce-db", pod("db").path("owner").asString());
    }

    @Test
    void aLogTailIsTheNewestLinesOldestFirstWithTheContainerItWasRead() throws Exception {
        String name = pod("wordpress").path("name").asString();
        String[] written = IntStream.range(0, 250).mapToObj(i -> "GET /shop/" + i + " 200").toArray(String[]::new);
        fx.kube.appendLog(RELEASE, name, "wordpress", written);

        JsonNode log = expect(200, fx.get(logs(name, "")));
        assertEquals(storeId, log.path("storeId").asLong());
        assertEquals(name, log.path("pod").asString());
        assertEquals("wordpress", log.path("container").asString(), "the pod's only container");
        assertEquals(false, log.path("previous").asBoolean());
        assertEquals(200, log.path("tail").asInt(), "the default tail");
        assertEquals(200, log.path("count").asInt());
        assertEquals(written[50], log.path("lines").path(0).asString());
        assertEquals(written[249], log.path("lines").path(199).asString());

        JsonNode three = expect(200, fx.get(logs(name, "container=wordpress&tail=3&previous=false")));
        assertEquals(List.of(written[247], written[248], written[249]), lines(three));
    }

    private static List<String> lines(JsonNode log) {
        List<String> lines = new ArrayList<>();
        log.path("lines").forEach(l -> lines.add(l.asString()));
        return lines;
    }

    /**
     * A pod of the store's release beside the chart's (a debugging pod an operator started with the
     * release's label), with the given containers; deleted again afterwards, so the chart's pods
     * are left as they were for the other tests.
     */
    private static String debugPod(String... containers) throws Exception {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(RELEASE + "-debug").withNamespace(RELEASE)
                .addToLabels("app.kubernetes.io/instance", RELEASE).endMetadata();
        var spec = pod.withNewSpec();
        for (String c : containers) {
            spec.addNewContainer().withName(c).withImage("busybox:1.36").endContainer();
        }
        Pod debug = spec.endSpec().build();
        fx.kube.client().pods().inNamespace(RELEASE).resource(debug).create();
        await("the debug pod's containers running", () -> podNamed(RELEASE + "-debug").map(p -> p.path("ready")
                .asString().equals(containers.length + "/" + containers.length)).orElse(false));
        return RELEASE + "-debug";
    }

    private static void deleteDebugPod() throws Exception {
        fx.kube.client().pods().inNamespace(RELEASE).withName(RELEASE + "-debug").delete();
        await("the debug pod gone", () -> podNamed(RELEASE + "-debug").isEmpty());
    }

    private static java.util.Optional<JsonNode> podNamed(String name) {
        try {
            return pods().stream().filter(p -> p.path("name").asString().equals(name)).findFirst();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPodWithSeveralContainersNeedsOneNamedAndTheRefusalListsThem() throws Exception {
        String debug = debugPod("app", "sidecar");
        try {
            JsonNode error = expectError(400, "validation", fx.get(logs(debug, "")));
            assertEquals("container", error.path("fields").path(0).path("field").asString());
            assertEquals("Pod '" + debug + "' has 2 containers; name one of: app, sidecar.",
                    error.path("message").asString());
            JsonNode unknown = expectError(400, "validation", fx.get(logs(debug, "container=web")));
            assertEquals("Pod '" + debug + "' has no container 'web'; its containers are: app, sidecar.",
                    unknown.path("message").asString());

            JsonNode sidecar = expect(200, fx.get(logs(debug, "container=sidecar")));
            assertEquals(List.of("sidecar started (image busybox:1.36)"), lines(sidecar));
        } finally {
            deleteDebugPod();
        }
    }

    @Test
    void previousIsRefusedForAContainerThatNeverRestarted() throws Exception {
        String name = pod("wordpress").path("name").asString();
        JsonNode error = expectError(400, "validation", fx.get(logs(name, "previous=true")));
        assertEquals("previous", error.path("fields").path(0).path("field").asString());
    }

    @Test
    void aCrashLoopingContainersPreviousLogSaysWhyItCrashed() throws Exception {
        var crash = fx.kube.crashLoop(RELEASE + "-debug", "app", List.of("Error establishing a database connection"));
        String debug = RELEASE + "-debug";
        try {
            PodBuilder pod = new PodBuilder().withNewMetadata().withName(debug).withNamespace(RELEASE)
                    .addToLabels("app.kubernetes.io/instance", RELEASE).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
                    .endSpec();
            fx.kube.client().pods().inNamespace(RELEASE).resource(pod.build()).create();
            await("a restart and CrashLoopBackOff", () -> podNamed(debug).map(p -> p.path("restarts").asInt() >= 1
                    && p.path("reason").asString().equals("CrashLoopBackOff")
                    && p.path("containers").path(0).path("previousLog").asBoolean()).orElse(false));
            JsonNode crashing = podNamed(debug).orElseThrow();
            assertEquals("app: Error, exit code 1", crashing.path("lastState").asString());
            assertEquals("0/1", crashing.path("ready").asString());
            JsonNode previous = expect(200, fx.get(logs(debug, "previous=true")));
            assertEquals(true, previous.path("previous").asBoolean());
            assertTrue(lines(previous).contains("Error establishing a database connection"), previous.toString());
        } finally {
            crash.lift();
            deleteDebugPod();
        }
    }

    @Test
    void anotherStoresPodIsNotFoundThroughThisStore() throws Exception {
        long otherId = fx.create("Pod Neighbour", "nina");
        try {
            fx.awaitStatus(otherId, StoreStatus.READY);
            String theirs = expect(200, fx.get("/api/stores/" + otherId + "/pods")).path(0).path("name").asString();
            assertTrue(theirs.startsWith("store-pod-neighbour-"), theirs);
            expect(200, fx.get("/api/stores/" + otherId + "/pods/" + theirs + "/logs"));
            JsonNode error = expectError(404, "not_found", fx.get(logs(theirs, "")));
            assertTrue(error.path("message").asString().startsWith("Pod '" + theirs + "' is not one of the pods of"
                    + " store '" + SHOP + "'"), error.toString());
        } finally {
            expect(202, fx.send("DELETE", "/api/stores/" + otherId, "ops", null));
            fx.settle();
        }
    }

    @Test
    void aTailOutsideOneToTenThousandIsRefusedNamingTheParameter() throws Exception {
        for (String tail : List.of("0", "10001", "-1", "abc", "01", "1.5", "")) {
            JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "tail=" + tail)));
            assertEquals("tail", error.path("fields").path(0).path("field").asString(), error.toString());
            assertTrue(error.path("message").asString().contains("1 to 10000"), error.toString());
        }
    }

    @Test
    void previousIsTrueOrFalse() throws Exception {
        JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "previous=yes")));
        assertEquals("'previous' is true or false, not 'yes'.", error.path("message").asString());
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() throws Exception {
        JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "follow=true")));
        assertEquals("Unknown query parameter 'follow'; the parameters are: container, previous, tail.",
                error.path("message").asString());
        expectError(400, "validation", fx.get("/api/stores/" + storeId + "/pods?all=1"));
    }

    @Test
    void aPodThatIsNotTheStoresIsNotFoundInWords() throws Exception {
        JsonNode error = expectError(404, "not_found", fx.get(logs("store-elsewhere-web-0", "")));
        assertEquals("Pod 'store-elsewhere-web-0' is not one of the pods of store '" + SHOP + "' (release"
                + " store-shared-shop in namespace store-shared-shop); it may have been replaced. List the store's"
                + " pods again and pick one of those.", error.path("message").asString());
    }

    @Test
    void anUnknownStoreIsNotFound() throws Exception {
        expectError(404, "not_found", fx.get("/api/stores/999999/pods"));
        expectError(404, "not_found", fx.get("/api/stores/999999/pods/p/logs"));
        expectError(400, "validation", fx.get("/api/stores/01/pods"));
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        JsonNode error = expectError(405, "method_not_allowed", fx.post("/api/stores/" + storeId + "/pods", "{}"));
        assertTrue(error.path("message").asString().contains("GET"), error.toString());
        expect(200, fx.get("/api/stores/" + storeId + "/pods"));
    }
}
