package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.InvalidStateException;
import dev.storefleet.domain.PodNotFoundException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.PodService;
import dev.storefleet.service.PodService.LogQuery;
import dev.storefleet.service.port.ContainerSummary;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's pods and logs through the real fabric8 adapter and {@link PodService}, against the test
 * Kubernetes API over HTTP with its kubelet: pods of the real charts as Helm installed them, logs
 * written by their containers and by the test, faults that make a container crash or never start.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StorePodsTest {
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(30), Duration.ofSeconds(15),
            "stores.test", "traefik");

    @TempDir
    static Path dir;
    static RunningConsole console;
    static TestKubernetesApi api;
    static ClusterConnection connection;
    static Storefleet app;
    static PodService pods;
    static Store shop;
    static Store other;

    @BeforeAll
    static void twoReadyStores() throws Exception {
        console = new RunningConsole(dir, SETTINGS);
        api = console.api;
        connection = console.connection;
        app = console.app;
        pods = app.pods();
        shop = ready("Pod Shop", null);
        other = ready("Other Shop", "medusa");
    }

    private static Store ready(String name, String type) throws InterruptedException {
        return console.created(name, "pat", type, StoreStatus.READY);
    }

    @AfterEach
    void liftFaults() {
        api.reset();
    }

    @AfterAll
    static void close() {
        console.close();
    }

    /** The chart's objects are named {@code <release>-<chart>-<component>}. */
    private static String prefix(Store store, String component) {
        return store.releaseName() + "-" + store.type().chartName() + "-" + component;
    }

    private static PodSummary pod(Store store, String component) {
        return pods.pods(store.id()).stream().filter(p -> p.name().startsWith(prefix(store, component)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + component + " pod among "
                        + pods.pods(store.id()).stream().map(PodSummary::name).toList()));
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, Duration.ofSeconds(30), condition);
    }

    @Test
    void theReleasesPodsAreListedTheSetupJobsIncluded() {
        List<PodSummary> list = pods.pods(shop.id());
        List<String> owners = list.stream().map(PodSummary::owner).toList();
        assertTrue(owners.stream().anyMatch(o -> o.startsWith("replicaset/" + prefix(shop, "wordpress"))),
                owners.toString());
        assertTrue(owners.contains("statefulset/" + prefix(shop, "db")), owners.toString());
        assertTrue(owners.contains("job/" + prefix(shop, "setup")), owners.toString());
        assertEquals(3, list.size(), list.toString());
        for (PodSummary p : list) {
            assertTrue(p.name().startsWith(shop.releaseName() + "-"), p.name());
            assertEquals(0, p.restarts(), p.name());
            assertEquals("", p.lastState(), p.name());
            assertTrue(p.created() != null, p.name());
        }
        PodSummary wordpress = pod(shop, "wordpress");
        assertEquals("Running", wordpress.phase());
        assertEquals("", wordpress.reason());
        assertEquals("1/1", wordpress.readyText());
        PodSummary setup = pod(shop, "setup");
        assertEquals("Succeeded", setup.phase());
        assertEquals("Completed", setup.reason());
        assertTrue(list.stream().noneMatch(p -> p.name().startsWith(other.releaseName())), "not the other store's");
    }

    @Test
    void aContainersLogTailIsItsNewestLinesInOrder() {
        PodSummary wordpress = pod(shop, "wordpress");
        List<String> written = IntStream.range(0, 300).mapToObj(i -> "request " + i + " served").toList();
        api.appendLog(shop.namespace(), wordpress.name(), "wordpress", written.toArray(String[]::new));

        PodService.PodLog tail = pods.tail(shop.id(), new LogQuery(wordpress.name(), null, 50, false));
        assertEquals("wordpress", tail.container(), "the only container is the default");
        assertEquals(written.subList(250, 300), tail.lines());

        List<String> whole = pods.tail(shop.id(), new LogQuery(wordpress.name(), "wordpress", 10_000, false)).lines();
        assertTrue(whole.get(0).startsWith("wordpress started (image "), whole.get(0));
        assertEquals(written, whole.subList(whole.size() - 300, whole.size()));
    }

    @Test
    void theSetupJobsLogIsReadAfterItsPodFinished() {
        PodSummary setup = pod(shop, "setup");
        List<String> lines = pods.tail(shop.id(), new LogQuery(setup.name(), null, 200, false)).lines();
        assertFalse(lines.isEmpty());
        assertTrue(lines.get(0).startsWith("setup started (image "), lines.toString());
    }

    @Test
    void aCrashLoopingContainerShowsItsRestartsAndItsPreviousLog() throws Exception {
        PodSummary before = pod(shop, "wordpress");
        var fault = api.crashLoop(before.name(), "wordpress", List.of("PHP Fatal error: Allowed memory size exhausted",
                "exiting with status 1"));
        await("restarts and CrashLoopBackOff", () -> {
            PodSummary p = pod(shop, "wordpress");
            return p.restarts() >= 2 && p.reason().equals("CrashLoopBackOff");
        });
        PodSummary crashing = pod(shop, "wordpress");
        assertEquals("0/1", crashing.readyText());
        assertEquals("wordpress: Error, exit code 1", crashing.lastState());
        ContainerSummary container = crashing.container("wordpress").orElseThrow();
        assertTrue(container.hasPreviousLog());

        List<String> previous = pods.tail(shop.id(), new LogQuery(crashing.name(), "wordpress", 100, true)).lines();
        assertTrue(previous.containsAll(List.of("PHP Fatal error: Allowed memory size exhausted",
                "exiting with status 1")), previous.toString());
        assertThrows(ValidationException.class, () -> pods.follow(shop.id(), new LogQuery(crashing.name(),
                "wordpress", 10, true), new ListSink()), "a previous log is complete: nothing to follow");

        fault.lift();
        await("recovered", () -> pod(shop, "wordpress").readyText().equals("1/1"));
    }

    @Test
    void aPreviousLogOfAContainerThatNeverRestartedIsRefused() {
        PodSummary wordpress = pod(shop, "wordpress");
        ValidationException e = assertThrows(ValidationException.class, () -> pods.tail(shop.id(),
                new LogQuery(wordpress.name(), "wordpress", 10, true)));
        assertEquals("previous", e.errors().get(0).field());
        assertEquals("Container 'wordpress' of pod '" + wordpress.name() + "' has not restarted, so it has no"
                + " previous log; read its current log instead.", e.getMessage());
    }

    @Test
    void anInitContainerIsNamedAndTheAppContainerIsTheDefault() {
        PodSummary medusa = pod(other, "server");
        List<ContainerSummary> containers = medusa.containers();
        assertEquals("medusa", containers.get(containers.size() - 1).name(), "the app container after the init ones");
        assertTrue(containers.subList(0, containers.size() - 1).stream().allMatch(ContainerSummary::init));
        assertTrue(containers.stream().anyMatch(c -> c.name().equals("migrate")), containers.toString());
        assertEquals("medusa", pods.tail(other.id(), new LogQuery(medusa.name(), null, 10, false)).container());
        List<String> migrate = pods.tail(other.id(), new LogQuery(medusa.name(), "migrate", 10, false)).lines();
        assertTrue(migrate.get(0).startsWith("migrate started (image "), migrate.toString());
    }

    @Test
    void aContainerThePodDoesNotHaveIsRefusedListingItsContainers() {
        PodSummary medusa = pod(other, "server");
        ValidationException e = assertThrows(ValidationException.class, () -> pods.tail(other.id(),
                new LogQuery(medusa.name(), "web", 10, false)));
        assertEquals("container", e.errors().get(0).field());
        String listed = medusa.containers().stream().map(c -> c.init() ? c.name() + " (init)" : c.name())
                .collect(java.util.stream.Collectors.joining(", "));
        assertTrue(listed.contains("migrate (init)") && listed.endsWith(", medusa"), listed);
        assertEquals("Pod '" + medusa.name() + "' has no container 'web'; its containers are: " + listed + ".",
                e.getMessage());
    }

    @Test
    void anotherStoresPodOrAnUnknownOneIsNotFound() {
        PodSummary theirs = pod(other, "server");
        PodNotFoundException e = assertThrows(PodNotFoundException.class, () -> pods.tail(shop.id(),
                new LogQuery(theirs.name(), null, 10, false)));
        assertTrue(e.getMessage().startsWith("Pod '" + theirs.name() + "' is not one of the pods of store 'Pod Shop'"),
                e.getMessage());
        assertThrows(PodNotFoundException.class, () -> pods.follow(shop.id(), new LogQuery("nope", null, 10, false),
                new ListSink()));
    }

    @Test
    void aTailOutsideItsRangeIsRefused() {
        PodSummary wordpress = pod(shop, "wordpress");
        for (int tail : new int[] {0, 10_001}) {
            ValidationException e = assertThrows(ValidationException.class, () -> pods.tail(shop.id(),
                    new LogQuery(wordpress.name(), null, tail, false)));
            assertEquals("tail", e.errors().get(0).field());
        }
    }

    @Test
    void aContainerThatNeverStartedHasNoLogAndSaysWhy() throws Exception {
        api.containerWaiting(prefix(shop, "wordpress") + "-.*", "wordpress", "CreateContainerConfigError",
                "secret \"wp-salts\" not found");
        String old = pod(shop, "wordpress").name();
        api.client().pods().inNamespace(shop.namespace()).withName(old).delete(); // its ReplicaSet makes another
        await("a new wordpress pod that waits", () -> pods.pods(shop.id()).stream().anyMatch(p -> !p.name().equals(old)
                && p.name().startsWith(prefix(shop, "wordpress")) && p.reason().equals(
                        "CreateContainerConfigError")));
        PodSummary waiting = pod(shop, "wordpress");
        assertTrue(waiting.containers().get(0).neverStarted());
        assertEquals("wordpress: secret \"wp-salts\" not found", waiting.message());
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> pods.tail(shop.id(),
                new LogQuery(waiting.name(), null, 10, false)));
        assertEquals("Container 'wordpress' of pod '" + waiting.name() + "' has not started yet"
                + " (CreateContainerConfigError: secret \"wp-salts\" not found), so it has no log. Look at the store's"
                + " recent events for why, and try again once it runs.", e.getMessage());
        api.reset();
        await("the new pod running", () -> pod(shop, "wordpress").readyText().equals("1/1"));
    }

    @Test
    void aFollowGetsNewLinesAsTheyAreWrittenAndNothingOnceClosed() throws Exception {
        PodSummary wordpress = pod(shop, "wordpress");
        ListSink sink = new ListSink();
        StorePods.LogFollow follow = pods.follow(shop.id(), new LogQuery(wordpress.name(), null, 1, false), sink);
        try {
            api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "first new line", "second new line");
            await("the appended lines", () -> sink.lines.containsAll(List.of("first new line", "second new line")));
        } finally {
            follow.close();
        }
        int seen = sink.lines.size();
        api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "after the close");
        // Another follow, opened after, sees the line: so the first one had its chance to get it too.
        ListSink later = new ListSink();
        try (StorePods.LogFollow second = pods.follow(shop.id(), new LogQuery(wordpress.name(), null, 1, false),
                later)) {
            await("the line in a new follow", () -> later.lines.contains("after the close"));
        }
        assertEquals(seen, sink.lines.size(), "no line reached a closed follow: " + sink.lines);
        assertEquals(null, sink.ended.get(), "a close is not reported as an end");
    }

    /** Threads of this JVM's client side: the test cluster's server runs here too, a thread per request. */
    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("testcluster")).count();
    }

    /** The test cluster's threads that are streaming a followed log to a client. */
    private static long followStreamsServed() {
        return Thread.getAllStackTraces().values().stream().filter(stack -> java.util.Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().endsWith("testcluster.PodLogEndpoint")
                        && f.getMethodName().equals("follow"))).count();
    }

    @Test
    void followsHoldNoThreadEachAndAClosedOneIsGoneOnBothEnds() throws Exception {
        PodSummary wordpress = pod(shop, "wordpress");
        pods.tail(shop.id(), new LogQuery(wordpress.name(), null, 1, false)); // the client's own threads are up
        long before = clientThreads();
        long streamsBefore = followStreamsServed(); // a follow closed by an earlier test may wait for its next line
        List<ListSink> sinks = new ArrayList<>();
        List<StorePods.LogFollow> follows = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                ListSink sink = new ListSink();
                sinks.add(sink);
                follows.add(pods.follow(shop.id(), new LogQuery(wordpress.name(), null, 1, false), sink));
            }
            api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "to all twenty");
            await("the line in every follow", () -> sinks.stream().allMatch(k -> k.lines.contains("to all twenty")));
            assertTrue(followStreamsServed() >= 20, "the server streams to each");
            long during = clientThreads();
            assertTrue(during - before < 10, "20 follows took " + (during - before) + " client threads");
        } finally {
            follows.forEach(StorePods.LogFollow::close);
        }
        // The server finds a client gone only by writing to it (the first write after a close still
        // succeeds, as TCP goes): give it lines to write until it has noticed.
        api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "after all closed");
        await("every closed follow's connection gone at the server", () -> {
            api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "still writing");
            return followStreamsServed() <= streamsBefore;
        });
        for (ListSink sink : sinks) {
            assertFalse(sink.lines.contains("after all closed"), "a closed follow got a line: " + sink.lines);
            assertEquals(null, sink.ended.get(), "a close is not reported as an end");
        }
    }

    @Test
    void aFollowOfAFinishedContainerEndsAndSaysSo() throws Exception {
        PodSummary setup = pod(shop, "setup");
        ListSink sink = new ListSink();
        try (StorePods.LogFollow follow = pods.follow(shop.id(), new LogQuery(setup.name(), null, 100, false),
                sink)) {
            assertTrue(sink.end.await(20, TimeUnit.SECONDS), "the follow of a finished Job's pod ended");
        }
        assertTrue(sink.lines.get(0).startsWith("setup started (image "), sink.lines.toString());
        assertEquals("The log of container setup of pod " + setup.name() + " in namespace " + shop.namespace()
                + " ended: the container stopped or the API server closed the stream. Follow it again to go on.",
                sink.ended.get());
    }

    @Test
    void aFollowCutOffByTheClusterSaysWhy() throws Exception {
        PodSummary wordpress = pod(shop, "wordpress");
        ListSink sink = new ListSink();
        try (StorePods.LogFollow follow = pods.follow(shop.id(), new LogQuery(wordpress.name(), null, 1, false),
                sink)) {
            api.down(true);
            assertTrue(sink.end.await(20, TimeUnit.SECONDS), "the follow ended when the cluster went away");
        } finally {
            api.down(false);
        }
        assertTrue(sink.ended.get().contains("container wordpress of pod " + wordpress.name()), sink.ended.get());
        assertFalse(sink.ended.get().contains("Exception"), sink.ended.get());
    }

    /** Collects what a follow hands over. */
    static final class ListSink implements StorePods.LogSink {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AtomicReference<String> ended = new AtomicReference<>();
        final CountDownLatch end = new CountDownLatch(1);

        @Override
        public void lines(List<String> more) {
            lines.addAll(more);
        }

        @Override
        public void ended(String reason) {
            ended.set(reason);
            end.countDown();
        }
    }
}
