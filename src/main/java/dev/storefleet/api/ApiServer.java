package dev.storefleet.api;

import dev.storefleet.service.AuditService;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.PodService;
import dev.storefleet.service.RolloutService;
import dev.storefleet.service.StoreService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless REST API on Jetty's core HTTP server: every request needs a valid bearer token
 * whose role is at least the one its route needs ({@link Role}), is routed to a handler over the
 * same services the desktop console uses, and gets a JSON answer, also when Jetty's parser refuses
 * it before any handler runs ({@link JsonErrorHandler}). The probes {@code /healthz} and
 * {@code /readyz} need no token and do not wait behind the request limit ({@link ProbeHandler}).
 *
 * <p>At most {@link #THREADS} requests are handled at once. Further ones wait, holding no thread,
 * up to {@link #QUEUE} of them for at most {@link #MAX_WAIT}; past either bound they are answered
 * 503 in JSON instead of being dropped. Jetty's own pool has as many threads again for reading,
 * parsing and writing; its job queue is left unbounded, as Jetty asks (a job it refused would
 * close a connection without a word), since the bound on work is the one above.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int THREADS = 8;
    static final int QUEUE = 64;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** How long a connection may stay silent, also in the middle of a request (a body shorter than its Content-Length). */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    private static final int ACCEPTORS = 1;
    private static final int SELECTORS = 1;

    private final Server server;
    private final ServerConnector connector;

    private ApiServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on {@code settings}' host and port (0: a free port, see {@link #port()}).
     *
     * @param health the READY stores' health, shown with each store and in the metrics (the caller starts its watch)
     * @throws UncheckedIOException if the address cannot be bound (port taken, unknown host)
     */
    public static ApiServer start(ApiSettings settings, StoreService stores, OrderService orders, PodService pods,
            AuditService audit, MetricsService metrics, FleetHealth health, RolloutService rollouts, BackupService backups,
            Clock clock) {
        Router router = router(stores, orders, pods, audit, metrics, health, rollouts, backups, clock);
        JsonBodies json = new JsonBodies();

        Server server = new Server(threadPool());
        server.setErrorHandler(new JsonErrorHandler(json));
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        ApiHandler handler = new ApiHandler(new JwtTokens(settings.jwtSecret(), clock), router, json,
                new AccessDenials(audit, stores, clock));
        server.setHandler(new GracefulHandler(new ProbeHandler(limited(handler), new Readiness(audit), json)));

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(UriCompliance.DEFAULT);
        ServerConnector connector = new ServerConnector(server, ACCEPTORS, SELECTORS, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setAcceptQueueSize(128);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            String why = e instanceof IOException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new UncheckedIOException("Cannot listen on " + settings.host() + ":" + settings.port() + ": " + why,
                    e instanceof IOException io ? io : new IOException(e));
        }
        ApiServer api = new ApiServer(server, connector);
        LOG.info("REST API listening on {}:{}", settings.host(), api.port());
        return api;
    }

    /** Every route of the API, each with the role it needs. */
    static Router router(StoreService stores, OrderService orders, PodService pods, AuditService audit,
            MetricsService metrics, FleetHealth health, RolloutService rollouts, BackupService backups, Clock clock) {
        Router router = new Router();
        new StoreRoutes(stores, health).addTo(router);
        new OrderRoutes(orders, stores, clock).addTo(router);
        new PodRoutes(pods, clock).addTo(router);
        new ReportRoutes(metrics, audit, health).addTo(router);
        new RolloutRoutes(rollouts).addTo(router);
        new BackupRoutes(backups, clock).addTo(router);
        return router;
    }

    private static QueuedThreadPool threadPool() {
        int threads = 2 * THREADS + ACCEPTORS + SELECTORS;
        QueuedThreadPool pool = new QueuedThreadPool(threads, ACCEPTORS + SELECTORS + 1, 30_000, 0, null, null);
        pool.setName("storefleet-api");
        pool.setDaemon(true);
        return pool;
    }

    private static QoSHandler limited(ApiHandler handler) {
        QoSHandler qos = new QoSHandler(handler);
        qos.setMaxRequestCount(THREADS);
        qos.setMaxSuspendedRequestCount(QUEUE);
        qos.setMaxSuspend(MAX_WAIT);
        return qos;
    }

    /** The port actually listened on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets running requests finish (up to 2 s), then stops the workers. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("The REST API did not stop cleanly: {}", e.getMessage());
            LOG.debug("Stopping the REST API", e);
        }
    }
}
