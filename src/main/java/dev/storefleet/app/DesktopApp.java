package dev.storefleet.app;

import dev.storefleet.ui.MainWindow;
import dev.storefleet.viewmodel.StoreListViewModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop console. The window is shown first; the database is opened in the background,
 * so the UI thread never waits on it, and a failure lands in the window's error banner.
 */
public final class DesktopApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopApp.class);

    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "storefleet-ui-background");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Storefleet storefleet;

    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow();
        stage.setTitle("Storefleet");
        stage.setScene(new Scene(window.root(), 1100, 700));
        stage.show();

        CompletableFuture.supplyAsync(() -> Storefleet.start(Settings.forThisUser()), background)
                .whenComplete((app, failure) -> Platform.runLater(() -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        LOG.error("The console could not start", cause);
                        window.showError(cause.getMessage());
                        return;
                    }
                    storefleet = app;
                    StoreListViewModel stores = new StoreListViewModel(app.stores(), app.events(), background,
                            Platform::runLater);
                    window.bind(stores);
                    stores.refresh();
                    background.execute(() -> app.stores().reconcile());
                }));
    }

    @Override
    public void stop() {
        Storefleet app = storefleet;
        if (app != null) {
            app.close();
        }
        background.shutdownNow();
    }
}
