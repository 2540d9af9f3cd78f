package dev.storefleet.ui;

import dev.storefleet.cluster.RealClusterAdapters;
import atlantafx.base.theme.PrimerLight;
import dev.storefleet.app.Storefleet;
import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.viewmodel.ConsoleViewModels;
import dev.storefleet.viewmodel.UiExecutors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.testfx.api.FxToolkit;

/**
 * The real console window for UI tests, wired as {@code DesktopApp} wires it: the real services
 * on an H2 file, the real Helm and fabric8 adapters with the repository's charts, against the
 * test Kubernetes API over HTTP; view-models on a background pool with Platform::runLater for
 * the UI; {@link ConsoleView} in a TestFX stage (headless Monocle under Maven). The stores' own
 * APIs (orders) are played by a {@link FakeStoreOrders}: the test cluster runs no store.
 */
public final class ConsoleFixture implements AutoCloseable {
    static final Path REPO_CHARTS = RealClusterAdapters.REPO_CHARTS;
    static final String STYLESHEET = ConsoleFixture.class.getResource("/dev/storefleet/ui/storefleet.css")
            .toExternalForm();

    final TestKubernetesApi api = new TestKubernetesApi();
    /** The stores' order APIs, in memory. */
    final FakeStoreOrders storeOrders = new FakeStoreOrders();
    /** Every audit row the services wrote while the window was up, oldest first. */
    final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "console-fixture-background");
        thread.setDaemon(true);
        return thread;
    });
    private final ClusterConnection connection;
    private final Storefleet app;
    private ConsoleViewModels vms;
    private ConsoleView view;

    private ConsoleFixture(Path dir, EngineSettings settings) throws Exception {
        RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, REPO_CHARTS, settings.readyTimeout());
        connection = adapters.connection();
        app = adapters.start(dir.resolve("data"), settings, storeOrders);
        app.events().subscribe(new StoreEvents.Listener() {
            @Override
            public void audited(AuditEvent event) {
                audited.add(event);
            }
        });
    }

    /** The services on {@code dir}, not shown yet. */
    static ConsoleFixture open(Path dir, EngineSettings settings) throws Exception {
        return new ConsoleFixture(dir, settings);
    }

    static EngineSettings settings(int maxInFlight) {
        return new EngineSettings(maxInFlight, Duration.ofSeconds(30), Duration.ofSeconds(15), "stores.test",
                "traefik");
    }

    /** Builds the view-models and the window on the FX thread, shows it, and loads (in the background). */
    ConsoleFixture show() throws Exception {
        FxToolkit.setupStage(stage -> {
            UiExecutors executors = new UiExecutors(background, Platform::runLater);
            vms = ConsoleViewModels.create(app.stores(), app.inspection(), app.orders(), app.pods(), app.audit(),
                    app.metrics(), app.health(), app.events(), connection, app.rollouts(), app.backups(), executors,
                    "ui-tester");
            view = new ConsoleView(vms, url -> { });
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            Scene scene = new Scene(view.window().root(), 1280, 800);
            scene.getStylesheets().add(STYLESHEET);
            view.installShortcuts(scene, () -> { });
            stage.setTitle("Storefleet");
            stage.setScene(scene);
            stage.show();
            vms.load();
        });
        return this;
    }

    Storefleet app() {
        return app;
    }

    ConsoleViewModels vms() {
        return vms;
    }

    ConsoleView view() {
        return view;
    }

    @Override
    public void close() throws Exception {
        try {
            FxToolkit.cleanupStages();
        } finally {
            try {
                app.close();
                app.executor().awaitTermination(Duration.ofSeconds(30));
                connection.close();
            } finally {
                background.shutdownNow();
                background.awaitTermination(5, TimeUnit.SECONDS);
                api.close();
            }
        }
    }
}
