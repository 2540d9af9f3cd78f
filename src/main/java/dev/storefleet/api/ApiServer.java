package dev.storefleet.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.Shutdown;
import dev.storefleet.service.StoreService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless REST API on the JDK's own HTTP server: every request needs a valid bearer
 * token, is routed to a handler over the same services the desktop console uses, and gets a
 * JSON answer. Requests run on a bounded pool; when it and its queue are full, the accepting
 * thread runs the request itself, which slows accepting down instead of dropping work.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int THREADS = 8;
    static final int QUEUE = 64;

    static {
        // Read once, when the first HttpServer of the JVM is made: without it every request on a
        // reused connection stalls ~40 ms (Nagle against delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final JwtTokens tokens;
    private final JsonBodies json = new JsonBodies();
    private final Router router = new Router();

    private ApiServer(HttpServer server, JwtTokens tokens, StoreService stores, OrderService orders, AuditService audit,
            MetricsService metrics, Clock clock) {
        this.server = server;
        this.tokens = tokens;
        new StoreRoutes(stores).addTo(router);
        new OrderRoutes(orders, stores, clock).addTo(router);
        new ReportRoutes(metrics, audit).addTo(router);
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "storefleet-api-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Listens on {@code settings}' host and port (0: a free port, see {@link #port()}).
     *
     * @throws UncheckedIOException if the address cannot be bound (port taken, unknown host)
     */
    public static ApiServer start(ApiSettings settings, StoreService stores, OrderService orders, AuditService audit,
            MetricsService metrics, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        ApiServer api = new ApiServer(server, new JwtTokens(settings.jwtSecret(), clock), stores, orders, audit, metrics,
                clock);
        server.start();
        LOG.info("REST API listening on {}:{}", settings.host(), api.port());
        return api;
    }

    /** The port actually listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        long started = System.nanoTime();
        ApiResponse response;
        try {
            String actor = tokens.verify(bearerToken(exchange));
            Router.Match match = router.find(method, path);
            response = match.handler().handle(new ApiRequest(exchange, actor, match.params(), json));
        } catch (RuntimeException | Error e) {
            response = ErrorResponses.of(e, method, path);
        }
        send(exchange, response);
        LOG.debug("{} {} -> {} in {} ms", method, path, response.status(), (System.nanoTime() - started) / 1_000_000);
    }

    private static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("This API needs a bearer token: send 'Authorization: Bearer <token>'"
                    + " (mint one with: storefleet token <user id>).");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw ApiException.unauthorized("The Authorization header must be 'Bearer <token>'.");
        }
        return parts[1];
    }

    private void send(HttpExchange exchange, ApiResponse response) {
        try (exchange) {
            byte[] body;
            try {
                body = response.body() == null ? new byte[0] : json.write(response.body());
            } catch (RuntimeException e) {
                response = ErrorResponses.of(e, exchange.getRequestMethod(), exchange.getRequestURI().getPath());
                body = json.write(response.body());
            }
            var headers = exchange.getResponseHeaders();
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                headers.set(header.getKey(), header.getValue());
            }
            headers.set("Content-Type", "application/json; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    /** Stops accepting, lets running requests finish (up to 2 s), then stops the workers. */
    @Override
    public void close() {
        server.stop(2);
        Shutdown.gracefully(workers, Duration.ofSeconds(5));
    }
}
