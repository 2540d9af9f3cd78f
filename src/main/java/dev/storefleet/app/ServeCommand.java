package dev.storefleet.app;

import dev.storefleet.api.ApiServer;
import dev.storefleet.api.ApiSettings;
import dev.storefleet.domain.StorageException;
import dev.storefleet.service.StoreService;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storefleet serve}: the console without a window. Opens the same services as the
 * desktop app, settles what a previous run left behind, and serves the REST API until the
 * process is stopped (SIGTERM, Ctrl-C), when the server and then the services are closed.
 * Touches no JavaFX class.
 */
final class ServeCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private ServeCommand() {
    }

    /** Returns an exit code only when the server could not start; otherwise serves until the JVM stops. */
    static int run(Map<String, String> env, PrintStream out, PrintStream err) throws InterruptedException {
        ApiSettings apiSettings;
        Settings settings;
        try {
            apiSettings = ApiSettings.fromEnvironment(env);
            settings = Settings.fromEnvironment(env, System.getProperty("os.name"), System.getProperty("user.home"));
        } catch (IllegalArgumentException e) {
            err.println("storefleet serve: " + e.getMessage());
            return 2;
        }
        Storefleet app;
        try {
            app = Storefleet.start(settings);
        } catch (StorageException e) {
            // A database that cannot be opened is the operator's to fix, as a bad setting is: told in words.
            LOG.info("The database could not be opened", e);
            err.println("storefleet serve: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            LOG.error("The console could not start", e);
            err.println("storefleet serve: the console could not start: " + e.getMessage());
            return 1;
        }
        try {
            report(app.stores().reconcile(), out);
        } catch (RuntimeException e) {
            LOG.warn("Start-up reconciliation failed; serving anyway", e);
            err.println("storefleet serve: start-up reconciliation failed (" + e.getMessage() + "); serving anyway.");
        }
        app.startWatching();
        ApiServer server;
        try {
            server = ApiServer.start(apiSettings, app.stores(), app.orders(), app.pods(), app.audit(),
                    app.metrics(), app.health(), app.rollouts(), app.backups(), Clock.systemUTC());
        } catch (UncheckedIOException e) {
            app.close();
            err.println("storefleet serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT reach this hook even with Helm loaded: ClusterAdapters keeps the JVM's handlers.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the REST API");
            BoundedShutdown.run(() -> {
                try {
                    server.close();
                } finally {
                    app.close();
                    stopped.countDown();
                }
            }, java.time.Duration.ofSeconds(10), 143);
        }, "storefleet-shutdown"));
        out.println("Storefleet API listening on http://" + apiSettings.host() + ":" + server.port()
                + " (data directory " + settings.dataDirectory() + "; " + settings.database().describe() + ")");
        out.flush();
        stopped.await();
        return 0;
    }

    /** What start-up reconciliation did, for the operator. */
    private static void report(StoreService.ReconcileReport report, PrintStream out) {
        if (report.reconciler() != null) {
            out.println("Reconciliation is left to " + report.reconciler() + ", which reconciles this fleet.");
        }
        if (report.resumedOperations() > 0) {
            out.println("Resumed " + report.resumedOperations() + " interrupted store operation(s).");
        }
        if (!report.orphanNamespaces().isEmpty()) {
            out.println("Namespaces labelled as Storefleet's with no store here (left alone): "
                    + report.orphanNamespaces());
        }
    }
}
