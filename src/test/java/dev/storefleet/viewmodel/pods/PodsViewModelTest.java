package dev.storefleet.viewmodel.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.RunningConsole;
import dev.storefleet.domain.Store;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.storetable.StoreRow;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pods tab's view-model without a toolkit, over the real services and fabric8 against the
 * test Kubernetes API's kubelet: a background pool for the cluster calls and one thread of the
 * test's own as the UI thread, every property read on it. Polls every 200 ms here (3 s in the app).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PodsViewModelTest {
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(30), Duration.ofSeconds(15),
            "stores.test", "traefik");

    @TempDir
    static Path dir;
    static RunningConsole console;
    static TestKubernetesApi api;
    static ClusterConnection connection;
    static Storefleet app;
    static Store shop;
    static Store other;

    private ExecutorService background;
    private ExecutorService fxThread;
    private final AtomicInteger uiTasks = new AtomicInteger();
    private StoreTableViewModel table;
    private PodsViewModel vm;

    @BeforeAll
    static void twoReadyStores() throws Exception {
        console = new RunningConsole(dir, SETTINGS);
        api = console.api;
        connection = console.connection;
        app = console.app;
        shop = ready("Log Shop");
        other = ready("Quiet Shop");
    }

    private static Store ready(String name) throws InterruptedException {
        return console.ready(name, "lee");
    }

    @AfterAll
    static void close() {
        console.close();
    }

    @BeforeEach
    void viewModel() throws Exception {
        background = Executors.newCachedThreadPool(r -> new Thread(r, "test-background"));
        fxThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
        java.util.concurrent.Executor ui = task -> {
            uiTasks.incrementAndGet();
            fxThread.execute(task);
        };
        UiExecutors executors = new UiExecutors(background, ui);
        table = onFx(() -> new StoreTableViewModel(app.stores(), app.orders(), app.inspection(), app.health(), app.events(),
                executors, "ops"));
        onFx(table::load).get(10, TimeUnit.SECONDS);
        vm = onFx(() -> new PodsViewModel(app.pods(), table.selectedProperty(), executors,
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS, background),
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, ui), Clock.systemUTC()));
    }

    @AfterEach
    void dispose() throws Exception {
        onFx(() -> {
            vm.dispose();
            return null;
        });
        api.reset();
        for (ExecutorService pool : List.of(background, fxThread)) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private <T> T onFx(Callable<T> read) throws Exception {
        return fxThread.submit(read).get(10, TimeUnit.SECONDS);
    }

    private void awaitOnFx(String what, Callable<Boolean> condition) throws Exception {
        Eventually.await(what, Duration.ofSeconds(30), () -> onFx(condition));
    }

    private void select(Store store) throws Exception {
        onFx(() -> {
            StoreRow row = table.rows().stream().filter(r -> r.id() == store.id()).findFirst().orElseThrow();
            table.selectedProperty().set(row);
            return null;
        });
    }

    private void show(boolean shown) throws Exception {
        onFx(() -> {
            vm.shownProperty().set(shown);
            return null;
        });
    }

    /** Picks the pod whose name starts with the chart's {@code <release>-woocommerce-<component>}. */
    private PodRow pick(Store store, String component) throws Exception {
        String prefix = store.releaseName() + "-woocommerce-" + component;
        awaitOnFx("a " + component + " pod", () -> vm.rows().stream().anyMatch(r -> r.name().startsWith(prefix)));
        return onFx(() -> {
            PodRow row = vm.rows().stream().filter(r -> r.name().startsWith(prefix)).findFirst().orElseThrow();
            vm.pick(row);
            return row;
        });
    }

    private void follow(boolean on) throws Exception {
        onFx(() -> {
            vm.followProperty().set(on);
            return null;
        });
    }

    /** The test cluster's threads streaming a followed log (its server runs in this JVM). */
    private static long followStreamsServed() {
        return Thread.getAllStackTraces().values().stream().filter(stack -> Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().endsWith("testcluster.PodLogEndpoint")
                        && f.getMethodName().equals("follow"))).count();
    }

    /**
     * Writes {@code marker} to the log until the server has found every closed follow of it gone
     * (TCP tells on a write).
     */
    private void awaitNoFollowOf(Store store, String pod, String marker) throws Exception {
        Eventually.await("no follow served any more after it was stopped", Duration.ofSeconds(30), () -> {
            if (followStreamsServed() == 0) {
                return true;
            }
            api.appendLog(store.namespace(), pod, "wordpress", marker);
            return false;
        });
    }

    @Test
    void shownItReadsThePodsPicksOneAndShowsItsLog() throws Exception {
        select(shop);
        assertEquals("Reading the pods of 'Log Shop'…", onFx(() -> vm.placeholderProperty().get()));
        assertTrue(onFx(() -> vm.rows().isEmpty()), "nothing is read while the tab is hidden");
        show(true);
        awaitOnFx("the store's three pods", () -> vm.rows().size() == 3);
        awaitOnFx("a pod picked and its log read", () -> vm.selectedPodProperty().get() != null
                && !vm.logLines().isEmpty());
        PodRow picked = onFx(() -> vm.selectedPodProperty().get());
        String container = onFx(() -> vm.containerProperty().get());
        assertEquals(picked.pod().appContainers().get(0).name(), container);
        assertEquals(picked.pod().containers().stream().map(c -> c.name()).toList(), onFx(() -> List.copyOf(
                vm.containers())));
        assertTrue(onFx(() -> vm.logLines().get(0)).startsWith(container + " started (image "));
        assertEquals("The whole log of container " + container + " of pod " + picked.name() + ".",
                onFx(() -> vm.logStatusProperty().get()));
        assertEquals("", onFx(() -> vm.errorProperty().get()));
        assertFalse(onFx(() -> vm.previousAvailableProperty().get()));
        assertTrue(onFx(() -> vm.followAvailableProperty().get()));

        PodRow setup = pick(shop, "setup");
        awaitOnFx("the setup Job's log", () -> vm.logStatusProperty().get().contains(setup.name())
                && !vm.logLines().isEmpty());
        assertEquals("Completed", setup.reason());
        assertEquals("job/" + shop.releaseName() + "-woocommerce-setup", setup.owner());
        assertTrue(onFx(() -> vm.logLines().get(0)).startsWith("setup started (image "));
    }

    @Test
    void aFollowShowsNewLinesAndTurnedOffItIsClosedAtBothEnds() throws Exception {
        select(shop);
        show(true);
        PodRow wordpress = pick(shop, "wordpress");
        follow(true);
        awaitOnFx("the follow open", () -> vm.logStatusProperty().get().startsWith("Following the log of container"
                + " wordpress of pod " + wordpress.name()));
        api.appendLog(shop.namespace(), wordpress.name(), "wordpress", "POST /checkout 201", "GET /cart 200");
        awaitOnFx("the new lines shown", () -> vm.logLines().containsAll(List.of("POST /checkout 201",
                "GET /cart 200")));

        follow(false);
        assertTrue(onFx(() -> vm.logStatusProperty().get()).startsWith("Stopped following the log of"));
        awaitNoFollowOf(shop, wordpress.name(), "written after Follow was turned off");
        assertFalse(onFx(() -> vm.logLines().contains("written after Follow was turned off")),
                "no line after the follow was turned off");
        assertTrue(onFx(() -> vm.logLines().contains("GET /cart 200")), "the lines shown stay");
    }

    @Test
    void anotherStoreOrAHiddenTabStopsTheFollow() throws Exception {
        select(shop);
        show(true);
        PodRow wordpress = pick(shop, "wordpress");
        follow(true);
        awaitOnFx("the follow open", () -> vm.logStatusProperty().get().startsWith("Following"));
        show(false);
        assertFalse(onFx(() -> vm.followProperty().get()), "hidden: nobody looks at it");
        awaitNoFollowOf(shop, wordpress.name(), "written after the tab was hidden");
        assertFalse(onFx(() -> vm.logLines().contains("written after the tab was hidden")));

        show(true);
        follow(true);
        awaitOnFx("the follow open again", () -> vm.logStatusProperty().get().startsWith("Following"));
        select(other);
        assertFalse(onFx(() -> vm.followProperty().get()), "another store: the follow stops");
        assertTrue(onFx(() -> vm.logLines().isEmpty()), "and the old store's lines go");
        awaitNoFollowOf(shop, wordpress.name(), "written after another store was picked");
        awaitOnFx("the other store's pods", () -> vm.rows().size() == 3 && vm.rows().stream()
                .allMatch(r -> r.name().startsWith(other.releaseName())));
    }

    @Test
    void aHundredThousandLinesKeepTheNewestFiveThousandInFewUiTurns() throws Exception {
        select(shop);
        show(true);
        PodRow wordpress = pick(shop, "wordpress");
        follow(true);
        awaitOnFx("the follow open", () -> vm.logStatusProperty().get().startsWith("Following"));
        int turnsBefore = uiTasks.get();
        int maxShown = 0;
        int maxPending = 0;
        for (int batch = 0; batch < 100; batch++) {
            int from = batch * 1_000;
            api.appendLog(shop.namespace(), wordpress.name(), "wordpress", IntStream.range(from, from + 1_000)
                    .mapToObj(i -> "line " + i).toArray(String[]::new));
            maxShown = Math.max(maxShown, onFx(() -> vm.logLines().size()));
            maxPending = Math.max(maxPending, vm.pendingLogLines());
        }
        awaitOnFx("the last line shown", () -> !vm.logLines().isEmpty()
                && vm.logLines().get(vm.logLines().size() - 1).equals("line 99999"));
        List<String> shown = onFx(() -> List.copyOf(vm.logLines()));
        assertEquals(PodsViewModel.LOG_CAPACITY, shown.size());
        assertEquals(IntStream.range(95_000, 100_000).mapToObj(i -> "line " + i).toList(), shown,
                "the newest lines, in order, none lost at the end");
        assertTrue(maxShown <= PodsViewModel.LOG_CAPACITY && maxPending <= PodsViewModel.LOG_CAPACITY,
                "shown " + maxShown + ", waiting " + maxPending);
        int turns = uiTasks.get() - turnsBefore;
        assertTrue(turns < 2_000, "100,000 lines took " + turns + " turns of the UI thread");
        System.out.println("PodsViewModelTest: 100,000 followed lines reached the UI thread in " + turns + " turns");
    }

    @Test
    void aCrashedContainersPreviousLogIsReadAndCannotBeFollowed() throws Exception {
        select(shop);
        show(true);
        PodRow wordpress = pick(shop, "wordpress");
        var crash = api.crashLoop(wordpress.name(), "wordpress", List.of("Fatal: cannot connect to mariadb"));
        try {
            awaitOnFx("the restart seen by a poll", () -> vm.previousAvailableProperty().get());
            onFx(() -> {
                vm.previousProperty().set(true);
                return null;
            });
            awaitOnFx("the previous instance's log", () -> vm.logLines().contains("Fatal: cannot connect to mariadb"));
            assertTrue(onFx(() -> vm.logStatusProperty().get()).contains("the previous instance of container wordpress"));
            assertFalse(onFx(() -> vm.followAvailableProperty().get()), "a finished instance is not followed");
            assertEquals("CrashLoopBackOff", onFx(() -> vm.selectedPodProperty().get().reason()));
        } finally {
            crash.lift();
        }
    }

    @Test
    void aClusterThatDoesNotAnswerIsToldInWordsAndTheNextPollClearsIt() throws Exception {
        select(other);
        show(true);
        awaitOnFx("the pods", () -> vm.rows().size() == 3);
        api.down(true);
        try {
            awaitOnFx("the failure in words", () -> !vm.errorProperty().get().isEmpty());
            String error = onFx(() -> vm.errorProperty().get());
            assertTrue(error.startsWith("The pods of 'Quiet Shop' could not be read. listing the pods of release "
                    + other.releaseName() + " in namespace " + other.namespace() + ": "), error);
            assertFalse(error.matches(".*[A-Z]\\w+(Exception|Error)\\b.*"), error);
            assertEquals(3, onFx(() -> vm.rows().size()), "the pods read before stay shown");
        } finally {
            api.down(false);
        }
        awaitOnFx("the error gone after a poll", () -> vm.errorProperty().get().isEmpty());
    }
}
