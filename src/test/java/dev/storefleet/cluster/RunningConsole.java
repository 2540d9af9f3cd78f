package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.testcluster.TestKubernetesApi;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The console's services over the real adapters against a fresh test cluster, for test classes
 * that share one console across their tests (a {@code @BeforeAll} fixture): the cluster, the
 * connection and the services, stores created and waited for, everything closed in order.
 */
public final class RunningConsole implements AutoCloseable {
    public final TestKubernetesApi api = new TestKubernetesApi();
    public final ClusterConnection connection;
    public final Storefleet app;

    public RunningConsole(Path dir, EngineSettings settings) throws Exception {
        RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS,
                settings.readyTimeout());
        connection = adapters.connection();
        app = adapters.start(dir.resolve("data"), settings);
    }

    /** Creates a store and waits for the work to end; it must have ended {@code expected}. */
    public Store created(String name, String owner, String type, StoreStatus expected) throws InterruptedException {
        Store store = app.stores().create(new NewStoreRequest(name, owner, owner + "@example.com", type), "tester");
        assertTrue(app.executor().awaitIdle(Duration.ofSeconds(90)), "provisioning of " + name + " finished");
        Store now = app.stores().get(store.id());
        assertEquals(expected, now.status(), now.lastError());
        return now;
    }

    public Store ready(String name, String owner) throws InterruptedException {
        return created(name, owner, null, StoreStatus.READY);
    }

    @Override
    public void close() {
        try {
            app.close();
            connection.close();
        } finally {
            api.close();
        }
    }
}
