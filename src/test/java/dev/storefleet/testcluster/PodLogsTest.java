package dev.storefleet.testcluster;

import static dev.storefleet.testcluster.TestObjects.namespace;
import static dev.storefleet.testcluster.TestObjects.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET .../pods/{name}/log} with each parameter, its errors, and follow streams that end. */
@Timeout(60)
class PodLogsTest {

    private static final String NS = "shop";

    private TestKubernetesApi api;
    private KubernetesClient k;

    @BeforeEach
    void start() {
        api = new TestKubernetesApi().kubeletTick(Duration.ofMillis(50)).crashRestartEvery(Duration.ofMillis(100));
        k = api.client();
        namespace(k, NS);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String readyPod(int containers) {
        String[] images = containers == 1 ? new String[] {"nginx:1.27"} : new String[] {"nginx:1.27", "busybox:1.36"};
        k.resource(TestObjects.deployment(NS, "web", 1, images)).create();
        return Eventually.until(() -> pods(k, NS).stream().filter(TestObjects::ready).findFirst().orElse(null),
                p -> p != null).getMetadata().getName();
    }

    /** fabric8 waits up to 5 s for a pod to be ready before reading its log; these tests read unready pods too. */
    private ContainerResource log(String pod, String container) {
        return k.pods().inNamespace(NS).withName(pod).inContainer(container).withReadyWaitTimeout(0);
    }

    private KubernetesClientException refused(Runnable call) {
        return assertThrows(KubernetesClientException.class, call::run);
    }

    @Test
    void aContainersLogHasItsStartLineAndWhatWasAppended() {
        String pod = readyPod(1);
        api.appendLog(NS, pod, "web", "GET / 200", "GET /cart 200", "GET /checkout 500");

        assertEquals("web started (image nginx:1.27)\nGET / 200\nGET /cart 200\nGET /checkout 500\n",
                k.pods().inNamespace(NS).withName(pod).getLog(), "one container: no name needed");
        assertEquals("GET /cart 200\nGET /checkout 500\n", log(pod, "web").tailingLines(2).getLog());
        assertEquals("web s", log(pod, "web").limitBytes(5).getLog());
        String[] stamped = log(pod, "web").usingTimestamps().getLog().split("\n");
        assertEquals(4, stamped.length);
        assertTrue(stamped[1].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z GET / 200"), stamped[1]);
        assertEquals(4, log(pod, "web").sinceSeconds(60).getLog().split("\n").length);
    }

    @Test
    void eachLogKeepsItsLastTenThousandLines() {
        String pod = readyPod(1);
        api.appendLog(NS, pod, "web", IntStream.range(0, 10_050).mapToObj(i -> "line " + i).toArray(String[]::new));
        List<String> lines = log(pod, "web").getLog().lines().toList();
        assertEquals(ContainerLogs.MAX_LINES, lines.size());
        assertEquals("line 50", lines.get(0));
        assertEquals("line 10049", lines.get(lines.size() - 1));
    }

    @Test
    void aPodWithSeveralContainersNeedsAContainerNameAsTheApiServerSays() {
        String pod = readyPod(2);
        var e = refused(() -> k.pods().inNamespace(NS).withName(pod).withReadyWaitTimeout(0).getLog());
        assertEquals(400, e.getCode());
        assertEquals("a container name must be specified for pod " + pod + ", choose one of: [web sidecar1]",
                e.getStatus().getMessage());
        var unknown = refused(() -> log(pod, "nope").getLog());
        assertEquals(400, unknown.getCode());
        assertEquals("container nope is not valid for pod " + pod, unknown.getStatus().getMessage());
        assertEquals("sidecar1 started (image busybox:1.36)\n", log(pod, "sidecar1").getLog());
    }

    @Test
    void initContainersAreNamedInTheMessageAndHaveLogsAsJobPodsDo() {
        k.resource(TestObjects.job(NS, "setup", 1, null)).create();
        Pod pod = Eventually.until(() -> pods(k, NS).stream().findFirst().orElse(null),
                p -> p != null && "Succeeded".equals(p.getStatus().getPhase()));
        String name = pod.getMetadata().getName();
        assertEquals("setup started (image busybox:1.36)\n", log(name, "setup").getLog(), "a finished container's log");
        assertEquals("wait started (image busybox:1.36)\n", log(name, "wait").getLog(), "an init container's log");

        k.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("two")
                .endMetadata().withNewSpec().addNewInitContainer().withName("init").withImage("busybox:1.36").endInitContainer()
                .addNewContainer().withName("a").withImage("busybox:1.36").endContainer()
                .addNewContainer().withName("b").withImage("busybox:1.36").endContainer().endSpec().build()).create();
        var e = refused(() -> k.pods().inNamespace(NS).withName("two").withReadyWaitTimeout(0).getLog());
        assertEquals("a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [init]",
                e.getStatus().getMessage());
    }

    @Test
    void previousLogsNeedAnEarlierInstance() {
        String pod = readyPod(1);
        var e = refused(() -> log(pod, "web").terminated().getLog());
        assertEquals(400, e.getCode());
        assertEquals("previous terminated container \"web\" in pod \"" + pod + "\" not found", e.getStatus().getMessage());

        PodFault crash = api.crashLoop("^web-", "web", List.of("segfault"));
        Eventually.until(() -> k.pods().inNamespace(NS).withName(pod).get(),
                p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1);
        crash.lift();
        Eventually.until(() -> k.pods().inNamespace(NS).withName(pod).get(), TestObjects::ready);
        assertEquals("web started (image nginx:1.27)\nsegfault\n", log(pod, "web").terminated().getLog(),
                "the crashed instance, once a new one runs");
        assertEquals("web started (image nginx:1.27)\n", log(pod, "web").getLog(), "the running instance");
    }

    @Test
    void aContainerThatHasNotStartedHasNoLogYet() {
        api.imagePullFails("nginx:9");
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:9")).create();
        Pod pod = Eventually.until(() -> pods(k, NS).stream().findFirst().orElse(null), p -> p != null
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
                && "ImagePullBackOff".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()));
        String name = pod.getMetadata().getName();
        var e = refused(() -> log(name, "web").getLog());
        assertEquals(400, e.getCode());
        assertEquals("container \"web\" in pod \"" + name + "\" is waiting to start: trying and failing to pull image",
                e.getStatus().getMessage());
        assertThrows(IllegalStateException.class, () -> api.appendLog(NS, name, "web", "x"));
        assertThrows(IllegalArgumentException.class, () -> api.appendLog(NS, "no-such-pod", "web", "x"));
    }

    @Test
    void anUnscheduledPodAnswersAnEmptyLog() {
        api.unschedulable("^web-", null);
        k.resource(TestObjects.deployment(NS, "web", 1, "nginx:1.27")).create();
        Pod pod = Eventually.until(() -> pods(k, NS).stream().findFirst().orElse(null), p -> p != null
                && TestObjects.condition(p, "PodScheduled") != null);
        assertEquals("", log(pod.getMetadata().getName(), "web").getLog());
    }

    @Test
    void followStreamsAppendedLinesUntilThePodIsDeleted() throws Exception {
        String pod = readyPod(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogWatch watch = log(pod, "web").watchLog(out)) {
            CompletableFuture<Throwable> closed = watch.onClose().toCompletableFuture();
            api.appendLog(NS, pod, "web", "first");
            Eventually.until(() -> text(out), t -> t.contains("first\n"));
            api.appendLog(NS, pod, "web", "second", "third");
            assertEquals("web started (image nginx:1.27)\nfirst\nsecond\nthird\n",
                    Eventually.until(() -> text(out), t -> t.endsWith("third\n")));

            k.pods().inNamespace(NS).withName(pod).delete();
            closed.get(10, TimeUnit.SECONDS); // the stream ended with the pod
        }
    }

    @Test
    void followEndsWhenTheContainerStops() throws Exception {
        String pod = readyPod(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogWatch watch = log(pod, "web").tailingLines(0).watchLog(out)) {
            CompletableFuture<Throwable> closed = watch.onClose().toCompletableFuture();
            // fabric8 sends the follow in the background: print until it shows that it is open
            for (int i = 0; !text(out).contains("serving"); i++) {
                api.appendLog(NS, pod, "web", "serving " + i);
                Thread.sleep(50);
            }
            api.crashLoop("^web-", "web", List.of("out of memory"));
            closed.get(10, TimeUnit.SECONDS);
            String followed = text(out);
            assertTrue(followed.startsWith("serving ") && followed.endsWith("\nout of memory\n"), followed);
            assertTrue(!followed.contains("started"), "tailLines=0: only what came after the follow opened: " + followed);
        }
    }

    @Test
    void aFollowEndsWhenItsClientGoes() throws Exception {
        String pod = readyPod(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWatch watch = log(pod, "web").watchLog(out);
        Eventually.until(() -> text(out), t -> t.contains("started"));
        assertEquals(1, api.openLogFollows());
        watch.close();
        // the server finds out at its next write, as the real one does
        assertEquals(0, (int) Eventually.until(() -> {
            api.appendLog(NS, pod, "web", "anyone there?");
            return api.openLogFollows();
        }, n -> n == 0));
    }

    @Test
    void followsDoNotHoldUpOtherRequests() throws Exception {
        String pod = readyPod(1);
        List<LogWatch> watches = IntStream.range(0, 5).mapToObj(i -> log(pod, "web").watchLog(new ByteArrayOutputStream())).toList();
        try {
            for (int i = 0; i < 20; i++) {
                k.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata().withName("c" + i).endMetadata().build()).create();
                api.appendLog(NS, pod, "web", "line " + i);
            }
            assertEquals(20, k.configMaps().inNamespace(NS).list().getItems().size());
        } finally {
            watches.forEach(LogWatch::close);
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
