package dev.storefleet.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.storefleet.domain.StorageException;
import dev.storefleet.ui.ConsoleView;
import dev.storefleet.ui.MainWindow;
import dev.storefleet.viewmodel.ConsoleViewModels;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop console. The window is shown at once; the database and the cluster connection
 * are opened in the background, so the UI thread never waits on them, and a failure lands in
 * the window's error banner in words.
 */
public final class DesktopApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopApp.class);
    private static final String STYLESHEET = DesktopApp.class.getResource("/dev/storefleet/ui/storefleet.css")
            .toExternalForm();

    /** System property: close once the window is filled (installer/cds-archive's training start). */
    static final String EXIT_WHEN_LOADED = "storefleet.exitWhenLoaded";
    static final int BACKGROUND_THREADS = 8;

    /**
     * The view-models' background work (reads, requests, order calls): bounded, so a burst of
     * clicks or keystrokes queues instead of starting a thread each; idle threads end.
     */
    private final ExecutorService background = boundedPool(BACKGROUND_THREADS, "storefleet-ui-background");
    private volatile Storefleet storefleet;
    private WindowPreferences preferences;
    private boolean dark;

    @Override
    public void start(Stage stage) {
        Settings settings;
        try {
            settings = Settings.forThisUser();
        } catch (IllegalArgumentException e) {
            applyTheme(); // light: the preferences live in the data directory, which is not known yet
            MainWindow refused = MainWindow.starting("Storefleet cannot start.");
            show(stage, refused, null);
            String words = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
            refused.showStartupError("A setting is wrong: " + words + " Fix it and start the console again.");
            return;
        }
        preferences = new WindowPreferences(settings.dataDirectory());
        dark = "dark".equals(preferences.text("theme", "light"));
        applyTheme();
        MainWindow starting = MainWindow.starting("Opening " + settings.database().describe() + "…");
        show(stage, starting, preferences);

        CompletableFuture<String> actor = DesktopActor.resolve(background); // user@host, off the UI thread
        CompletableFuture<Storefleet> early = EarlyStart.take();
        (early != null ? early : CompletableFuture.supplyAsync(() -> Storefleet.start(settings), background))
                .whenComplete((app, failure) -> actor.thenAccept(who -> Platform.runLater(() -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        if (cause instanceof StorageException) {
                            // The operator's to fix, as a setting is (the window says what): the details go to the file.
                            LOG.info("The database could not be opened", cause);
                        } else {
                            LOG.error("The console could not start", failure);
                        }
                        starting.showStartupError(ErrorMessages.of(failure));
                        return;
                    }
                    storefleet = app;
                    starting.replaceBy(stage.getScene(), () -> console(stage, app, who),
                            settings.dataDirectory().resolve("logs").resolve("storefleet.log").toString());
                })));
    }

    /** Builds every view-model and view over the started services; {@code actor} is the audited user@host. */
    private MainWindow console(Stage stage, Storefleet app, String actor) {
        LOG.info("Graphics: {}", GraphicsPipeline.decision());
        UiExecutors executors = new UiExecutors(background, Platform::runLater);
        ConsoleViewModels vms = ConsoleViewModels.create(app.stores(), app.inspection(), app.orders(), app.pods(),
                app.audit(), app.metrics(), app.health(), app.events(), app.cluster(), app.rollouts(), app.backups(), executors,
                actor);
        ConsoleView view = new ConsoleView(vms, preferences, url -> getHostServices().showDocument(url));
        MainWindow window = view.window();
        view.header().themeButton().setText(dark ? "Light" : "Dark");
        view.installShortcuts(stage.getScene(), () -> {
            toggleTheme();
            view.header().themeButton().setText(dark ? "Light" : "Dark");
        });

        ConsoleViewModels.Loading loading = vms.load();
        if (Boolean.getBoolean(EXIT_WHEN_LOADED)) {
            // A training start for installer/cds-archive: filled, drawn for a second, then closed.
            loading.everything().whenComplete((ok, failure) -> Platform.runLater(() -> {
                Timeline drawn = new Timeline(new KeyFrame(Duration.seconds(1), e -> Platform.exit()));
                drawn.play();
            }));
        }
        // Reconciliation reads every store and lists the cluster's namespaces: behind the table
        // the operator is waiting for, not beside it on a two-core laptop.
        loading.tableSettled().thenRunAsync(() -> {
            try {
                app.stores().reconcile();
            } catch (RuntimeException e) {
                LOG.error("Start-up reconciliation failed", e);
            }
            try {
                app.startWatching();
            } catch (RuntimeException e) {
                LOG.error("The fleet watch could not start; health stays unknown", e);
            }
        }, background);
        Timeline healthChecks = new Timeline(new KeyFrame(Duration.seconds(10), e -> vms.cluster().check()));
        healthChecks.setCycleCount(Timeline.INDEFINITE);
        healthChecks.play();
        stage.setOnHiding(e -> {
            healthChecks.stop();
            vms.close();
            rememberLayout(stage);
        });
        return window;
    }

    private void toggleTheme() {
        dark = !dark;
        applyTheme();
    }

    private void applyTheme() {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    private void show(Stage stage, MainWindow window, WindowPreferences prefs) {
        WindowPlacement placement = WindowPlacement.of(remembered(prefs, "x"), remembered(prefs, "y"),
                remembered(prefs, "width"), remembered(prefs, "height"),
                Screen.getScreens().stream().sorted(Comparator.comparing((Screen s) -> s != Screen.getPrimary()))
                        .map(Screen::getVisualBounds).toList());
        Scene scene = new Scene(window.root(), placement.width(), placement.height());
        scene.getStylesheets().add(STYLESHEET);
        stage.setTitle("Storefleet");
        stage.setScene(scene);
        if (!placement.centred()) {
            stage.setX(placement.x());
            stage.setY(placement.y());
        }
        stage.setMaximized(prefs != null && Boolean.parseBoolean(prefs.text("maximized", "false")));
        stage.show();
    }

    private static double remembered(WindowPreferences prefs, String key) {
        return prefs == null ? Double.NaN : prefs.number(key, Double.NaN);
    }

    /** The window's place and the theme; the views put their own choices (table, panels) in as they change. */
    private void rememberLayout(Stage stage) {
        preferences.put("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            preferences.put("x", stage.getX());
            preferences.put("y", stage.getY());
            preferences.put("width", stage.getScene().getWidth());
            preferences.put("height", stage.getScene().getHeight());
        }
        preferences.put("theme", dark ? "dark" : "light");
        preferences.save();
    }

    @Override
    public void stop() {
        CompletableFuture<Storefleet> unclaimed = EarlyStart.take(); // the window never got as far
        Storefleet app = storefleet;
        BoundedShutdown.run(() -> {
            if (unclaimed != null) {
                // Wait for the start to finish, within the watchdog's bound, and close what it opened.
                Storefleet started = unclaimed.handle((done, failure) -> done).join();
                if (started != null) {
                    started.close();
                }
            }
            if (app != null) {
                app.close();
            }
            background.shutdownNow();
        }, java.time.Duration.ofSeconds(10), 0);
    }

    private static ExecutorService boundedPool(int threads, String name) {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
